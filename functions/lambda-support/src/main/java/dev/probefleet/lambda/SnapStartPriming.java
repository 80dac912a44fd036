package dev.probefleet.lambda;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.MicronautLambdaContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the function's {@link Primer}s: before a SnapStart snapshot is taken (a CRaC {@code
 * beforeCheckpoint}), and at init for those that ask ({@link Primer#atInit()}, when {@code
 * probefleet.lambda.prime-at-init} is on).
 *
 * <p>Built with a function's context ({@link Context}; only in the {@code lambda} environment,
 * which {@link LambdaContexts#builder()} sets — a test's or a local server's context does not
 * prime): it registers itself with the global CRaC context as the function initialises, which is
 * when Lambda takes the snapshot. CRaC holds resources weakly; the application context holds this
 * one for the function's life.
 *
 * <p>Nothing needs refreshing after a restore: the primers leave no connection, credential or seed
 * behind (they talk to loopback stubs they close, with dummy credentials), and the function's own
 * SDK clients resolve credentials on their first real call, after the restore (Lambda gives
 * SnapStart functions container credentials, which the SDK's default provider chain finds). What
 * must be unique per environment — incident ids are derived from the target and slot, request ids
 * come from {@code UUID.randomUUID()} at invocation time — is never drawn at init.
 */
@Context
@Requires(env = MicronautLambdaContext.ENVIRONMENT_LAMBDA)
public final class SnapStartPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

  private final List<Primer> primers;
  private final List<String> primedAtInit;
  private volatile int checkpoints;

  public SnapStartPriming(List<Primer> primers, LambdaConfiguration config) {
    this.primers = List.copyOf(Objects.requireNonNull(primers, "primers"));
    Core.getGlobalContext().register(this);
    this.primedAtInit =
        config.primeAtInit()
            ? run(primers.stream().filter(Primer::atInit).toList(), "init")
            : List.of();
  }

  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    checkpoints++;
    run(primers, "snapshot");
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    LOG.info("restored from a snapshot");
  }

  /** How many snapshots this environment has been primed for (for tests and logs). */
  public int checkpoints() {
    return checkpoints;
  }

  /** What was primed at init, successfully, in order. */
  public List<String> primedAtInit() {
    return primedAtInit;
  }

  /** The primers, in the order they run. */
  public List<Primer> primers() {
    return primers;
  }

  private static List<String> run(List<Primer> primers, String when) {
    List<String> primed = new ArrayList<>();
    for (Primer primer : primers) {
      long start = System.nanoTime();
      try {
        primer.prime();
        primed.add(primer.name());
        LOG.info(
            "primed {} before {} in {} ms",
            primer.name(),
            when,
            Duration.ofNanos(System.nanoTime() - start).toMillis());
      } catch (Exception | LinkageError e) {
        // Priming is an optimisation: a function that could not prime still works, only slower.
        LOG.warn(
            "priming {} before {} failed, continuing unprimed: {}",
            primer.name(),
            when,
            e.toString());
      }
    }
    return List.copyOf(primed);
  }
}
