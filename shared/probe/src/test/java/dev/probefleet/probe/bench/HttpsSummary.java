package dev.probefleet.probe.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The HTTPS case's last line, the one figure set people compare across runs:
 *
 * <pre>
 * https probes: &lt;x&gt; CPU-ms/probe vs blackbox &lt;y&gt; (&lt;ratio&gt;x), false failures &lt;n&gt;/&lt;rounds x targets&gt;, tls median &lt;m&gt; ms (lone &lt;l&gt; ms)
 * </pre>
 *
 * with {@code vs blackbox missing} in place of {@code <y> (<ratio>x)} when blackbox_exporter could
 * not run, and {@code n/a} for a figure that could not be measured.
 *
 * @param cpuMsPerProbe probefleet's steady-state CPU per probe
 * @param blackboxCpuMsPerProbe blackbox_exporter's steady-state CPU per probe; empty when missing
 * @param falseFailures targets without a {@code NONE} verdict over the fresh-process first rounds
 * @param rounds fresh-process first rounds
 * @param targets targets per round
 * @param tlsMedianMs the median {@code tls} phase over the fresh-process first rounds
 * @param loneTlsMs the median {@code tls} phase of a lone probe against the same server
 */
record HttpsSummary(
    double cpuMsPerProbe,
    OptionalDouble blackboxCpuMsPerProbe,
    int falseFailures,
    int rounds,
    int targets,
    double tlsMedianMs,
    double loneTlsMs) {

  String line() {
    String blackbox;
    if (blackboxCpuMsPerProbe.isEmpty()) {
      blackbox = "missing";
    } else {
      double y = blackboxCpuMsPerProbe.getAsDouble();
      double ratio = cpuMsPerProbe / y;
      blackbox =
          figure(y, "%.2f")
              + " ("
              + (Double.isFinite(ratio) ? figure(ratio, "%.2f") + "x" : "n/a")
              + ")";
    }
    return "https probes: "
        + figure(cpuMsPerProbe, "%.2f")
        + " CPU-ms/probe vs blackbox "
        + blackbox
        + ", false failures "
        + falseFailures
        + "/"
        + ((long) rounds * targets)
        + ", tls median "
        + figure(tlsMedianMs, "%.1f")
        + " ms (lone "
        + figure(loneTlsMs, "%.1f")
        + " ms)";
  }

  private static String figure(double value, String format) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "n/a";
  }
}
