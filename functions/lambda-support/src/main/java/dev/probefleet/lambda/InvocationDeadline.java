package dev.probefleet.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When an invocation's work must be over: its remaining time (from the Lambda {@code Context})
 * minus a margin for returning. Every service call of a function — probes, reads, writes,
 * publications — gives up at this instant, so a function never outlives its timeout with half-done
 * work.
 */
public final class InvocationDeadline {
  private InvocationDeadline() {}

  /**
   * The deadline of the invocation: now plus its remaining time, minus {@code margin}; never before
   * now plus one second (a function invoked with almost no time left still gets to report that).
   */
  public static Instant of(Context context, Duration margin, Clock clock) {
    Instant now = clock.instant();
    long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
    if (context == null || remaining <= 0) {
      // Run outside Lambda (a test, a tool): no limit was given; take a minute, as a schedule
      // would.
      remaining = 60_000;
    }
    Instant deadline = now.plusMillis(remaining).minus(margin);
    Instant least = now.plusSeconds(1);
    return deadline.isBefore(least) ? least : deadline;
  }
}
