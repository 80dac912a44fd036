package dev.probefleet.lambda;

import dev.probefleet.model.Shard;
import dev.probefleet.runtime.FleetSettings;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A function an EventBridge schedule invokes (the probe and the analyzer): it reads the scheduled
 * input, checks the shard against the fleet's configuration, takes its deadline from the Lambda
 * {@code Context}, and hands the rest to {@link #run}.
 */
public abstract class ScheduledFunction
    extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {

  /**
   * What an invocation is asked to do.
   *
   * @param shard the shard, checked against {@code probefleet.shards}
   * @param firedAt the time the schedule fired for, or the invocation's clock reading
   * @param deadline the invocation's remaining time minus the margin
   */
  public record Scheduled(Shard shard, Instant firedAt, Instant deadline) {
    public Scheduled {
      Objects.requireNonNull(shard, "shard");
      Objects.requireNonNull(firedAt, "firedAt");
      Objects.requireNonNull(deadline, "deadline");
    }
  }

  private final FleetSettings fleet;
  private final LambdaConfiguration lambda;
  private final Clock clock;

  protected ScheduledFunction(ApplicationContextBuilder builder) {
    super(builder);
    this.fleet = service(FleetSettings.class);
    this.lambda = service(LambdaConfiguration.class);
    this.clock = service(Clock.class);
  }

  @Override
  public final Map<String, Object> execute(Map<String, Object> input) {
    Instant now = clock.instant();
    ScheduledInvocation invocation = ScheduledInvocation.parse(input);
    Shard shard = invocation.shardOf(fleet.shards());
    Instant deadline =
        InvocationDeadline.of(
            LambdaContexts.invocation(applicationContext).orElse(null),
            lambda.deadlineMargin(),
            clock);
    return run(new Scheduled(shard, invocation.scheduledTime().orElse(now), deadline));
  }

  /**
   * The event as {@link #execute} takes it. An invocation with the payload {@code null} (a test
   * invocation from the console, say) reads as an event without fields — Micronaut would refuse it
   * with "Unconvertible input: null", naming nothing; what the event lacks is then said by the
   * field that is missing. Anything but a JSON object is refused as such.
   */
  @Override
  @SuppressWarnings("unchecked")
  protected Map<String, Object> convertInput(Object input) {
    if (input == null) {
      return Map.of();
    }
    if (input instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new InvalidInvocationException(
        "event: expected a JSON object such as {\"shard\": \"0/4\", \"scheduledTime\":"
            + " \"2026-11-24T09:01:00Z\"}, got "
            + (input instanceof CharSequence ? "a string" : input.getClass().getSimpleName()));
  }

  /** Does the invocation's work and says what it did (the invocation's result, also logged). */
  protected abstract Map<String, Object> run(Scheduled invocation);

  /**
   * Primes what must be exact from the first invocation on ({@link
   * SnapStartPriming#primeAtInit()}), within Lambda's init phase: the last call of a function's
   * constructor, once its services are built. Does nothing outside Lambda's environment.
   */
  protected final void primeAtInit() {
    applicationContext.findBean(SnapStartPriming.class).ifPresent(SnapStartPriming::primeAtInit);
  }

  /** A service of the composition root (configuration errors name the property). */
  protected final <T> T service(Class<T> type) {
    return LambdaContexts.service(applicationContext, type);
  }

  /** The fleet's settings: region, period, shards. */
  protected final FleetSettings fleet() {
    return fleet;
  }
}
