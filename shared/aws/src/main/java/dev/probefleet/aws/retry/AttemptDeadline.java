package dev.probefleet.aws.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * The caller's deadline carried to each SDK attempt: {@link Retrier#call} sets it for the calls it
 * makes on its thread, and the adapters cut each request's attempt timeout to the time left before
 * it ({@link #bound}). Without this an attempt could run for the client's whole attempt timeout
 * past the deadline — a Lambda function would then outlive its own timeout waiting on a read.
 */
public final class AttemptDeadline {
  /** An attempt gets at least this long, so one started at the deadline fails fast and cleanly. */
  private static final Duration LEAST = Duration.ofMillis(1);

  private static final ThreadLocal<Instant> CURRENT = new ThreadLocal<>();

  private AttemptDeadline() {}

  /** The deadline of the retried call in progress on this thread, if any. */
  public static Optional<Instant> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * A client's own attempt timeout, if it has one and says so (a hand-made stand-in for a client
   * may not).
   */
  public static Optional<Duration> attemptTimeoutOf(software.amazon.awssdk.core.SdkClient client) {
    try {
      return client.serviceClientConfiguration().overrideConfiguration().apiCallAttemptTimeout();
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** Runs {@code call} with {@code deadline} in force (the earlier one wins when nested). */
  static <T> T within(Instant deadline, Supplier<T> call) {
    Instant outer = CURRENT.get();
    CURRENT.set(outer != null && outer.isBefore(deadline) ? outer : deadline);
    try {
      return call.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /**
   * The request with its attempt timeout cut to the time left before the current deadline, when
   * that is shorter than {@code configured} (the client's own attempt timeout); the request as it
   * is outside a retried call.
   */
  @SuppressWarnings("unchecked")
  public static <R extends AwsRequest> R bound(
      R request, Clock clock, Optional<Duration> configured) {
    Instant deadline = CURRENT.get();
    if (deadline == null) {
      return request;
    }
    Duration left = Duration.between(clock.instant(), deadline);
    if (left.compareTo(LEAST) < 0) {
      left = LEAST;
    }
    Duration own =
        request
            .overrideConfiguration()
            .flatMap(AwsRequestOverrideConfiguration::apiCallAttemptTimeout)
            .or(() -> configured)
            .orElse(left);
    if (own.compareTo(left) <= 0) {
      return request;
    }
    Duration attempt = left;
    AwsRequestOverrideConfiguration.Builder override =
        request
            .overrideConfiguration()
            .map(AwsRequestOverrideConfiguration::toBuilder)
            .orElseGet(AwsRequestOverrideConfiguration::builder);
    return (R)
        request.toBuilder()
            .overrideConfiguration(override.apiCallAttemptTimeout(attempt).build())
            .build();
  }
}
