package dev.probefleet.aws.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Runs an AWS call, retrying what a retry can fix until a deadline.
 *
 * <p>Retryable: throttling (any service's throttling codes), HTTP 5xx, and client-side I/O errors
 * (connection refused or reset, timeouts). Not retryable: everything the caller must handle —
 * conditional-check failures, validation errors, missing resources, 4xx in general.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final Clock clock;
  private final Duration base;
  private final Duration cap;
  private final Sleeper sleeper;

  /** Sleeps; replaceable so tests of the policy do not wait. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** The outcome of {@link #call} when the deadline passed with the call still failing. */
  public static final class DeadlineExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    DeadlineExceeded(String operation, int attempts, RuntimeException last) {
      super(
          operation
              + " still failing after "
              + attempts
              + " attempt(s) when the deadline passed: "
              + last.getMessage(),
          last);
      this.attempts = attempts;
    }

    public int attempts() {
      return attempts;
    }
  }

  public Retrier(Clock clock, Duration base, Duration cap, Sleeper sleeper) {
    this.clock = clock;
    this.base = base;
    this.cap = cap;
    this.sleeper = sleeper;
  }

  /** The clock deadlines are read from. */
  public Clock clock() {
    return clock;
  }

  /** 25 ms base, 2 s cap, the system clock. */
  public static Retrier standard() {
    return new Retrier(
        Clock.systemUTC(),
        Duration.ofMillis(25),
        Duration.ofSeconds(2),
        d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000)));
  }

  /**
   * Calls until success, a non-retryable error (rethrown as is), or the deadline ({@link
   * DeadlineExceeded} wrapping the last error). The adapters bound each attempt by the deadline too
   * ({@link AttemptDeadline}): no attempt outlives it.
   */
  public <T> T call(String operation, Instant deadline, Supplier<T> call) {
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        return AttemptDeadline.within(deadline, call);
      } catch (RuntimeException e) {
        if (!retryable(e)) {
          throw e;
        }
        Duration wait = backoff(attempt);
        Instant now = clock.instant();
        if (!now.plus(wait).isBefore(deadline)) {
          throw new DeadlineExceeded(operation, attempt, e);
        }
        LOG.debug(
            "{} failed (attempt {}), retrying in {} ms: {}",
            operation,
            attempt,
            wait.toMillis(),
            e.toString());
        pause(wait, operation, attempt, e);
      }
    }
  }

  /** Waits before retry {@code attempt} + 1, honouring interruption. */
  public void pause(Duration wait, String operation, int attempt, RuntimeException last) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new DeadlineExceeded(operation + " (interrupted)", attempt, last);
    }
  }

  /** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]. */
  public Duration backoff(int attempt) {
    long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(attempt - 1, 30));
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  /**
   * The time left until a deadline, for an SDK call's {@code apiCallTimeout}: at least 100 ms, so a
   * call made at the deadline still gets a chance to answer rather than failing at once.
   */
  public static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left;
  }

  /** Whether a retry can fix this error. */
  public static boolean retryable(Throwable e) {
    if (e instanceof AbortedException) {
      return false;
    }
    if (e instanceof SdkServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return e instanceof SdkClientException;
  }
}
