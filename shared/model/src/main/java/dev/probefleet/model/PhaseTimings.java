package dev.probefleet.model;

/**
 * Where a probe's time went, in nanoseconds, like {@code curl -w} and blackbox_exporter report it.
 * A phase that never ran is {@code null} (e.g. {@code dns} for an IP literal, {@code tls} for plain
 * HTTP, everything after {@code connect} when the connection was refused).
 *
 * @param dns resolving the host name
 * @param connect TCP connect
 * @param tls TLS handshake
 * @param requestWrite writing the request
 * @param ttfb request written → first response byte
 * @param download first response byte → end of the response (or of what was read)
 * @param total start of the probe → end, always present
 */
public record PhaseTimings(
    Long dns, Long connect, Long tls, Long requestWrite, Long ttfb, Long download, Long total) {

  public PhaseTimings {
    if (total == null) {
      throw new IllegalArgumentException("total is always measured");
    }
  }

  /** Milliseconds, fractional, or null when the phase never ran. */
  public static Double millis(Long nanos) {
    return nanos == null ? null : nanos / 1_000_000.0;
  }
}
