package dev.probefleet.lambda;

import io.micronaut.context.annotation.Context;
import java.time.Duration;
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
 * <p>Built with the context ({@link Context}): it registers itself with the global CRaC context as
 * the function initialises, which is when Lambda takes the snapshot. CRaC holds resources weakly;
 * the application context holds this one for the function's life.
 *
 * <p>Nothing needs refreshing after a restore: the primers leave no connection, credential or seed
 * behind (they talk to loopback stubs they close, with dummy credentials), and the function's own
 * SDK clients resolve credentials on their first real call, after the restore (Lambda gives
 * SnapStart functions container credentials, which the SDK's default provider chain finds). What
 * must be unique per environment — incident ids are derived from the target and slot, request ids
 * come from {@code UUID.randomUUID()} at invocation time — is never drawn at init.
 */
@Context
public final class SnapStartPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

  private final List<Primer> primers;
  private volatile int checkpoints;

  public SnapStartPriming(List<Primer> primers, LambdaConfiguration config) {
    this.primers = List.copyOf(Objects.requireNonNull(primers, "primers"));
    Core.getGlobalContext().register(this);
    if (config.primeAtInit()) {
      run(primers.stream().filter(Primer::atInit).toList(), "init");
    }
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

  /** The primers, in the order they run. */
  public List<Primer> primers() {
    return primers;
  }

  private static void run(List<Primer> primers, String when) {
    for (Primer primer : primers) {
      long start = System.nanoTime();
      try {
        primer.prime();
        LOG.info(
            "primed {} before {} in {} ms",
            primer.name(),
            when,
            Duration.ofNanos(System.nanoTime() - start).toMillis());
      } catch (Exception e) {
        // Priming is an optimisation: a function that could not prime still works, only slower.
        LOG.warn(
            "priming {} before {} failed, continuing unprimed: {}",
            primer.name(),
            when,
            e.toString());
      } catch (LinkageError e) {
        LOG.warn(
            "priming {} before {} failed, continuing unprimed: {}",
            primer.name(),
            when,
            e.toString());
      }
    }
  }
}
