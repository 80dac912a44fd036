package dev.probefleet.report;

import dev.probefleet.attribution.AddedLatency;
import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.model.PhaseTimings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text lines for path evidence, shared by the {@code diagnose} text output and alert e-mails.
 * ASCII only and short lines, so that they read on a phone and survive any mail system.
 */
public final class EvidenceText {
  private EvidenceText() {}

  /**
   * One line per path: {@code lb HTTP_5XX 504 haproxy ttfb 501 ms, total 505 ms 10.0.0.5:443}, then
   * a line with the burst counts when a burst was sent.
   */
  public static List<String> paths(Evidence evidence) {
    List<String> lines = new ArrayList<>();
    for (PathEvidence p : evidence.paths()) {
      StringBuilder line = new StringBuilder();
      line.append(p.label()).append(": ").append(p.failureClass().name());
      if (p.status() != null) {
        line.append(' ').append(p.status());
      }
      if (p.generator() != null) {
        line.append(" (").append(p.generator()).append(')');
      }
      line.append(", ").append(timings(p.timings()));
      if (p.remoteAddress() != null) {
        line.append(", ").append(p.remoteAddress());
      }
      if (p.samples() > 1) {
        line.append(", ").append(p.failures()).append('/').append(p.samples()).append(" failed");
      }
      if (!p.region().equals(evidence.region())) {
        line.append(", from ").append(p.region());
      }
      lines.add(line.toString());
      if (!p.detail().isBlank()) {
        lines.add("  " + ascii(p.detail()));
      }
    }
    return lines;
  }

  /** {@code ttfb 501 ms, total 505 ms} (the phases that ran). */
  public static String timings(PhaseTimings t) {
    List<String> parts = new ArrayList<>();
    if (t.ttfb() != null) {
      parts.add("ttfb " + ms(t.ttfb()));
    }
    parts.add("total " + ms(t.total()));
    return String.join(", ", parts);
  }

  /** {@code added latency: cdn-lb 12 ms, lb-origin 3 ms (ttfb)}, or n/a where unknown. */
  public static String latency(AddedLatency latency) {
    return "added latency (ttfb): cdn-lb "
        + ms(latency.cdnOverLbTtfbMs())
        + ", lb-origin "
        + ms(latency.lbOverOriginTtfbMs());
  }

  /** Replaces anything outside printable ASCII. */
  public static String ascii(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\u2026') {
                out.append("...");
              } else if (c == '\u2013' || c == '\u2014' || c == '\u2212') {
                out.append('-');
              } else if (c == '\u2018' || c == '\u2019') {
                out.append('\'');
              } else if (c == '\u201c' || c == '\u201d') {
                out.append('"');
              } else if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
              } else if (c == '\n' || c == '\t' || c == '\r') {
                out.append(' ');
              } else {
                out.append('?');
              }
            });
    return out.toString();
  }

  private static String ms(Long nanos) {
    return nanos == null ? "n/a" : ms(PhaseTimings.millis(nanos));
  }

  private static String ms(Double millis) {
    if (millis == null) {
      return "n/a";
    }
    return Math.abs(millis) < 10
        ? String.format(Locale.ROOT, "%.1f ms", millis)
        : String.format(Locale.ROOT, "%.0f ms", millis);
  }
}
