package dev.probefleet.probe.internal;

import dev.probefleet.model.FailureClass;
import dev.probefleet.probe.ProberLoad;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the probes of one round share besides the client: the prober's {@link LoadMonitor}, and the
 * counts of samples retried and paths given up because the prober was saturated.
 *
 * <p>The rule: a sample that failed in a way time can explain (a timeout, a handshake that did not
 * complete, a DNS failure) while the prober's own timer was late by {@link #threshold} or more is
 * not the target's failure until shown otherwise. It is run once more if the round has time left;
 * if the retry is judged the same way too, the path is reported "prober overloaded" — no result,
 * never a verdict. A failure the prober could not have caused (a refused connection, a reset, a
 * 502) is the target's whatever the load.
 */
public final class RoundContext implements AutoCloseable {
  private static final Set<FailureClass> TIMING_FAILURES =
      EnumSet.of(
          FailureClass.CONNECT_TIMEOUT,
          FailureClass.RESPONSE_TIMEOUT,
          FailureClass.DOWNLOAD_TIMEOUT,
          FailureClass.TLS_HANDSHAKE_FAILED,
          FailureClass.DNS_FAILURE);

  /** The smallest timer lateness that makes a failure the prober's suspect (100 ms). */
  public static final Duration MIN_THRESHOLD = Duration.ofMillis(100);

  private final LoadMonitor monitor;
  private final AtomicInteger retried = new AtomicInteger();

  private RoundContext(LoadMonitor monitor) {
    this.monitor = monitor;
  }

  /** A round watched by a monitor of its own. */
  public static RoundContext watched(double cpus) {
    return new RoundContext(LoadMonitor.start(cpus));
  }

  /** A probe outside any round ({@code ProbeClient.probe}): nothing watched, nothing excused. */
  public static RoundContext unwatched() {
    return new RoundContext(null);
  }

  /**
   * The lateness that makes a failure suspect for a path with this timeout: 1 % of the timeout, at
   * least {@link #MIN_THRESHOLD}. Lateness well under a timeout cannot have caused it.
   */
  static long threshold(Duration timeout) {
    return Math.max(MIN_THRESHOLD.toNanos(), timeout.toNanos() / 100);
  }

  /**
   * Whether a sample that ran from {@code from} to {@code to} (nano time) and failed with {@code
   * failure} is suspected of being the prober's own doing; the timer lateness it saw, when so.
   */
  long suspect(FailureClass failure, long from, long to, Duration timeout) {
    if (monitor == null || !TIMING_FAILURES.contains(failure)) {
      return -1;
    }
    long lateness = monitor.maxLatenessNanos(from, to);
    return lateness >= threshold(timeout) ? lateness : -1;
  }

  /**
   * Before a retry: waits a random 0–200 ms (so that the retries of one burst of saturation do not
   * all land at once, as the failures did) and then until the prober's timer is on time again (late
   * by under 20 ms), for at most {@code atMost}. Returns at once for an unwatched probe.
   */
  void awaitCalm(Duration atMost) {
    if (monitor == null || atMost.isNegative() || atMost.isZero()) {
      return;
    }
    long end = System.nanoTime() + atMost.toNanos();
    long jitter = java.util.concurrent.ThreadLocalRandom.current().nextLong(CALM_JITTER.toNanos());
    java.util.concurrent.locks.LockSupport.parkNanos(Math.min(jitter, atMost.toNanos()));
    while (System.nanoTime() < end
        && monitor.currentLatenessNanos() >= CALM_LATENESS.toNanos()
        && !Thread.currentThread().isInterrupted()) {
      java.util.concurrent.locks.LockSupport.parkNanos(LoadMonitor.TICK_MILLIS * 1_000_000L);
    }
  }

  private static final Duration CALM_JITTER = Duration.ofMillis(200);
  private static final Duration CALM_LATENESS = Duration.ofMillis(20);

  /**
   * Whether the prober was saturated in the last {@code window}: for a task still running past the
   * round's grace, which is then the prober's overload rather than a bug.
   */
  public long recentLateness(Duration window) {
    return monitor == null ? 0 : monitor.recentLatenessNanos(window.toNanos());
  }

  void retried() {
    retried.incrementAndGet();
  }

  /** The round's load figures, with the count of its paths reported overloaded. */
  public ProberLoad load(int overloadedPaths) {
    return monitor == null ? ProberLoad.NONE : monitor.summary(retried.get(), overloadedPaths);
  }

  @Override
  public void close() {
    if (monitor != null) {
      monitor.close();
    }
  }
}
