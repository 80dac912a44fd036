package dev.probefleet.probe.hostile;

import dev.probefleet.model.FailureClass;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One hostile answer and what the probe client must make of it.
 *
 * @param seed the run's seed
 * @param number the case's number in the run; with the seed it determines everything else
 * @param family what kind of hostility
 * @param variant the scenario within the family, e.g. {@code lying Content-Length: short, closed}
 * @param tls whether the client probes {@code https}
 * @param serverTls whether the server completes the TLS handshake and plays the steps inside the
 *     session; when {@code tls} without it, the server reads the client hello and plays the steps
 *     in its place (TLS garbage)
 * @param timeout the probe's timeout (its path's {@code timeout})
 * @param steps what the server does once it has read the request
 * @param expected the failure class the probe must report
 * @param expectedStatus the status the probe must report, or null when no status line is valid
 * @param body the body as sent, decoded from its framing, when the probe must capture its first
 *     bytes exactly; else null
 */
record HostileCase(
    long seed,
    int number,
    HostileFamily family,
    String variant,
    boolean tls,
    boolean serverTls,
    Duration timeout,
    List<Step> steps,
    FailureClass expected,
    Integer expectedStatus,
    byte[] body) {

  /** Bytes shown inline in a failure report; the whole stream goes to a file. */
  static final int SHOWN_BYTES = 4096;

  HostileCase {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(timeout, "timeout");
    steps = List.copyOf(steps);
    Objects.requireNonNull(expected, "expected");
  }

  /**
   * Whether the outcome depends on time: a short timeout, or a script that pauses, drips or holds.
   * Such a case, judged while the prober was measurably saturated, is inconclusive rather than
   * failed (DESIGN §1); every other case's outcome depends on its bytes alone.
   */
  boolean timed() {
    return timeout.compareTo(HostileGenerator.PLAIN_TIMEOUT) < 0
        || steps.stream()
            .anyMatch(
                s -> s instanceof Step.Pause || s instanceof Step.Drip || s instanceof Step.Hold);
  }

  /** The request target the client asks for; the server checks it to refuse a stale connection. */
  String requestTarget() {
    return "/hostile/" + number;
  }

  /** Every byte the script writes, in order. */
  byte[] bytesWritten() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Step step : steps) {
      if (step instanceof Step.Write write) {
        all.writeBytes(write.bytes());
      } else if (step instanceof Step.Drip drip) {
        all.writeBytes(drip.bytes());
      }
    }
    return all.toByteArray();
  }

  /** The case and its script, bytes escaped ({@code \r}, {@code \n}, {@code \xNN}). */
  String describe() {
    StringBuilder out = new StringBuilder();
    out.append("seed ")
        .append(seed)
        .append(", case ")
        .append(number)
        .append(": ")
        .append(family)
        .append(" / ")
        .append(variant)
        .append(
            !tls ? " (http)" : serverTls ? " (https, in a TLS session)" : " (https, no TLS answer)")
        .append(", timeout ")
        .append(timeout.toMillis())
        .append(" ms, expected ")
        .append(expected)
        .append(expectedStatus == null ? "" : " with status " + expectedStatus)
        .append('\n');
    out.append("  after reading the ")
        .append(tls && !serverTls ? "client's first TLS record" : "request")
        .append(", the server:\n");
    for (Step step : steps) {
      out.append("  - ");
      switch (step) {
        case Step.Write w ->
            out.append("writes ")
                .append(w.bytes().length)
                .append(" bytes: ")
                .append(shown(w.bytes()));
        case Step.Drip d ->
            out.append("drips ")
                .append(d.bytes().length)
                .append(" bytes, one per ")
                .append(d.interval().toMillis())
                .append(" ms: ")
                .append(shown(d.bytes()));
        case Step.Pause p -> out.append("waits ").append(p.duration().toMillis()).append(" ms");
        case Step.Close c -> out.append("closes (FIN)");
        case Step.Reset r -> out.append("resets (RST)");
        case Step.Hold h -> out.append("holds the connection open, silent");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String shown(byte[] bytes) {
    String text = escape(bytes, Math.min(bytes.length, SHOWN_BYTES));
    return "\""
        + text
        + "\""
        + (bytes.length > SHOWN_BYTES
            ? " … ("
                + (bytes.length - SHOWN_BYTES)
                + " more bytes; the whole stream is in the file)"
            : "");
  }

  /** The first {@code length} bytes, printable ASCII as is and everything else escaped. */
  static String escape(byte[] bytes, int length) {
    StringBuilder out = new StringBuilder(length + 16);
    for (int i = 0; i < length; i++) {
      int b = bytes[i] & 0xff;
      switch (b) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        default -> {
          if (b < 0x20 || b >= 0x7f) {
            out.append(String.format("\\x%02x", b));
          } else {
            out.append((char) b);
          }
        }
      }
    }
    return out.toString();
  }
}
