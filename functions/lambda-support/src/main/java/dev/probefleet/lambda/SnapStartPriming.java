package dev.probefleet.lambda;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.MicronautLambdaContext;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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
 * <p>At init, priming keeps within Lambda's 10 s limit on the init phase: it gets what is left of
 * it after the process's own start, less {@link #INIT_RESERVE} for the rest of the init, and is
 * skipped when less than half a second is left. Under a small memory size's share of a CPU the JVM
 * and the context can take most of the 10 s by themselves (README, "Cold starts"); a function whose
 * init ran over would have it run again inside its first invocation. Before a snapshot there is no
 * such limit, and everything is primed in full.
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

  /** Lambda's limit on the init phase of an on-demand function. */
  static final Duration INIT_LIMIT = Duration.ofSeconds(10);

  /** Kept from the init limit for what comes after the priming (the handler's own start). */
  static final Duration INIT_RESERVE = Duration.ofMillis(1_500);

  /** Less than this left for priming at init, and it is not started. */
  static final Duration LEAST_WORTH_PRIMING = Duration.ofMillis(500);

  private final List<Primer> primers;
  private final List<String> primedAtInit;
  private volatile int checkpoints;

  @Inject
  public SnapStartPriming(List<Primer> primers, LambdaConfiguration config) {
    this(primers, config, SnapStartPriming::processUptime);
  }

  /**
   * @param uptime how long ago the process started (the init phase began before that)
   */
  SnapStartPriming(List<Primer> primers, LambdaConfiguration config, Supplier<Duration> uptime) {
    this.primers = List.copyOf(Objects.requireNonNull(primers, "primers"));
    Core.getGlobalContext().register(this);
    List<Primer> atInit = primers.stream().filter(Primer::atInit).toList();
    this.primedAtInit =
        config.primeAtInit() && !atInit.isEmpty() ? runAtInit(atInit, uptime) : List.of();
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

  private static List<String> runAtInit(List<Primer> primers, Supplier<Duration> uptime) {
    Duration gone = uptime.get();
    Duration budget = INIT_LIMIT.minus(INIT_RESERVE).minus(gone);
    if (budget.compareTo(LEAST_WORTH_PRIMING) < 0) {
      LOG.warn(
          "not priming {} at init: {} ms of Lambda's {} s init phase are gone already (a small"
              + " memory size's share of a CPU?); the first invocation runs unprimed",
          primers.stream().map(Primer::name).toList(),
          gone.toMillis(),
          INIT_LIMIT.toSeconds());
      return List.of();
    }
    return run(primers, "init", Optional.of(budget));
  }

  private static List<String> run(List<Primer> primers, String when) {
    return run(primers, when, Optional.empty());
  }

  private static List<String> run(List<Primer> primers, String when, Optional<Duration> budget) {
    List<String> primed = new ArrayList<>();
    long begun = System.nanoTime();
    for (Primer primer : primers) {
      long start = System.nanoTime();
      try {
        if (budget.isPresent()) {
          Duration left = budget.get().minusNanos(start - begun);
          if (left.isNegative()) {
            left = Duration.ZERO;
          }
          primer.prime(left);
        } else {
          primer.prime();
        }
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

  private static Duration processUptime() {
    return ProcessHandle.current()
        .info()
        .startInstant()
        .map(started -> Duration.between(started, Instant.now()))
        .filter(d -> !d.isNegative())
        .orElse(Duration.ZERO);
  }
}
