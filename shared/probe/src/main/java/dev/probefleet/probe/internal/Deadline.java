package dev.probefleet.probe.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one deadline of a probe sample, on the monotonic clock: the earlier of its own timeout and
 * the round's deadline. Every blocking step asks it for the time left.
 */
final class Deadline {
  private final long endNanos;
  private final long budgetNanos;
  private final boolean roundBound;

  private Deadline(long endNanos, long budgetNanos, boolean roundBound) {
    this.endNanos = endNanos;
    this.budgetNanos = budgetNanos;
    this.roundBound = roundBound;
  }

  /** From now: {@code timeout}, cut short by {@code outer} (a wall-clock instant) if earlier. */
  static Deadline of(Duration timeout, Instant outer, Clock clock) {
    long now = System.nanoTime();
    long timeoutNanos = saturatedNanos(timeout);
    long outerNanos = saturatedNanos(Duration.between(clock.instant(), outer));
    boolean roundBound = outerNanos < timeoutNanos;
    long budget = Math.max(0, Math.min(timeoutNanos, outerNanos));
    return new Deadline(now + budget, budget, roundBound);
  }

  long remainingNanos() {
    return endNanos - System.nanoTime();
  }

  boolean expired() {
    return remainingNanos() <= 0;
  }

  /** The time left as a socket timeout: at least 1 ms, since 0 would mean "forever". */
  int remainingMillisForTimeout() {
    long nanos = remainingNanos();
    if (nanos <= 0) {
      return 1;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999) / 1_000_000));
  }

  Duration remaining() {
    return Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  /** Whether the round's deadline, not the probe's own timeout, sets this deadline. */
  boolean roundBound() {
    return roundBound;
  }

  long budgetNanos() {
    return budgetNanos;
  }

  long budgetMillis() {
    return budgetNanos / 1_000_000;
  }

  /** {@code 5000 ms} or {@code 1200 ms (round deadline)}, for details. */
  String describe() {
    return budgetMillis() + " ms" + (roundBound ? " (round deadline)" : "");
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }
}
