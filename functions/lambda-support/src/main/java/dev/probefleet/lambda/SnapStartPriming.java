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
 * <p>At init, the function calls {@link #primeAtInit()} as the last thing its constructor does,
 * once every service it uses is built, and the priming keeps within Lambda's limit on the init
 * phase ({@code probefleet.lambda.init-limit}, 10 s): it gets what is left of it after the
 * process's own start, less {@link #INIT_RESERVE}, and is skipped when less than half a second is
 * left. Under a small memory size's share of a CPU the JVM and the context can take most of the 10
 * s by themselves (README, "Cold starts"); a function whose init ran over would have it run again
 * inside its first invocation. Before a snapshot there is no such limit, and everything is primed
 * in full.
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

  /**
   * Kept from the init limit: the runtime's start before the JVM's, the return to the runtime after
   * the constructor, and a priming step that ends a little after its budget.
   */
  static final Duration INIT_RESERVE = Duration.ofMillis(1_000);

  /** Less than this left for priming at init, and it is not started. */
  static final Duration LEAST_WORTH_PRIMING = Duration.ofMillis(500);

  private final List<Primer> primers;
  private final boolean primeAtInit;
  private final Duration initLimit;
  private final Supplier<Duration> uptime;
  private List<String> primedAtInit;
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
    this.primeAtInit = config.primeAtInit();
    this.initLimit = config.initLimit();
    this.uptime = Objects.requireNonNull(uptime, "uptime");
    Core.getGlobalContext().register(this);
  }

  /**
   * Runs the primers that ask to run at init ({@link Primer#atInit()}), once, within what is left
   * of Lambda's init phase, unless {@code probefleet.lambda.prime-at-init} is off. A function calls
   * it at the end of its constructor; later calls return what the first one primed.
   *
   * @return the primers that ran, in order
   */
  public synchronized List<String> primeAtInit() {
    if (primedAtInit == null) {
      List<Primer> atInit = primers.stream().filter(Primer::atInit).toList();
      primedAtInit =
          primeAtInit && !atInit.isEmpty() ? runAtInit(atInit, initLimit, uptime) : List.of();
    }
    return primedAtInit;
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

  /** What was primed at init, successfully, in order (empty before {@link #primeAtInit()}). */
  public synchronized List<String> primedAtInit() {
    return primedAtInit == null ? List.of() : primedAtInit;
  }

  /** The primers, in the order they run. */
  public List<Primer> primers() {
    return primers;
  }

  private static List<String> runAtInit(
      List<Primer> primers, Duration initLimit, Supplier<Duration> uptime) {
    Duration gone = uptime.get();
    Duration budget = initLimit.minus(INIT_RESERVE).minus(gone);
    if (budget.compareTo(LEAST_WORTH_PRIMING) < 0) {
      LOG.warn(
          "not priming {} at init: {} ms of Lambda's {} ms init phase are gone already (a small"
              + " memory size's share of a CPU?); the first invocation runs unprimed",
          primers.stream().map(Primer::name).toList(),
          gone.toMillis(),
          initLimit.toMillis());
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
