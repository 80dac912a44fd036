package dev.probefleet.probe;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How loaded the prober itself was during a round: what a probe's timings cannot tell apart from
 * the target's. Measured by a timer of the prober's own that asks to wake every 10 ms on a virtual
 * thread, as the probes run: its lateness is the time a probe's continuation waits for a CPU.
 *
 * @param ticks timer ticks recorded
 * @param medianLatenessMillis median lateness of the ticks
 * @param p99LatenessMillis 99th percentile lateness
 * @param maxLatenessMillis the largest lateness
 * @param cpuMillis the process's CPU time during the round (all threads)
 * @param cpuUtilisation that CPU time over the round's wall time times the CPUs the prober counts
 *     on (1.0: every CPU busy the whole round)
 * @param gcMillis time spent in garbage collection during the round
 * @param retried failed samples run again because the prober was saturated while they ran
 * @param overloaded paths reported "prober overloaded" instead of a result: their failure, and the
 *     retry's if there was time for one, was seen while the prober was saturated
 */
public record ProberLoad(
    int ticks,
    double medianLatenessMillis,
    double p99LatenessMillis,
    double maxLatenessMillis,
    double cpuMillis,
    double cpuUtilisation,
    long gcMillis,
    int retried,
    int overloaded) {

  /** No round ran (an empty round, or a client that probed nothing). */
  public static final ProberLoad NONE = new ProberLoad(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Stable keys for logs and reports. */
  public Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> lateness = new LinkedHashMap<>();
    lateness.put("median", round(medianLatenessMillis));
    lateness.put("p99", round(p99LatenessMillis));
    lateness.put("max", round(maxLatenessMillis));
    out.put("timerLatenessMs", lateness);
    out.put("cpuMs", Math.round(cpuMillis));
    out.put("cpuUtilisation", round(cpuUtilisation));
    out.put("gcMs", gcMillis);
    out.put("retried", retried);
    out.put("overloaded", overloaded);
    return out;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "prober load: timer late by %.1f ms median, %.1f ms p99, %.1f ms max; CPU %.0f ms (%.0f%%"
            + " of the CPUs); GC %d ms; %d retried, %d overloaded",
        medianLatenessMillis,
        p99LatenessMillis,
        maxLatenessMillis,
        cpuMillis,
        100 * cpuUtilisation,
        gcMillis,
        retried,
        overloaded);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
