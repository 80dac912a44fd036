package dev.probefleet.lab.topology;

import dev.probefleet.captures.CapturedPage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Serves a page recorded from real software again: its status line, its header fields in the
 * recorded order and spelling, and its body, byte for byte — except the fields that describe this
 * connection rather than the page, which are recomputed in place: {@code Date} (now), {@code
 * Content-Length} (of the body sent), {@code Connection} (whether this connection stays open), and
 * no {@code Transfer-Encoding} or {@code Keep-Alive} (the body is sent with its length).
 */
final class ErrorPage {
  /** HTTP's date format; Java's RFC 1123 formatter does not pad the day, HTTP requires it. */
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private ErrorPage() {}

  /**
   * The page as bytes.
   *
   * @param keepAlive the connection stays open after it
   * @param headRequest the request was HEAD: the head only
   */
  static byte[] render(CapturedPage page, boolean keepAlive, boolean headRequest, Instant now) {
    byte[] body = page.bodyBytes();
    StringBuilder head = new StringBuilder(page.statusLine()).append("\r\n");
    boolean sawLength = false;
    boolean sawConnection = false;
    for (CapturedPage.Header h : page.headers()) {
      switch (h.name().toLowerCase(Locale.ROOT)) {
        case "date" -> field(head, h.name(), HTTP_DATE.format(now));
        case "content-length" -> {
          field(head, h.name(), Integer.toString(body.length));
          sawLength = true;
        }
        case "connection" -> {
          field(head, h.name(), keepAlive ? "keep-alive" : "close");
          sawConnection = true;
        }
        case "transfer-encoding", "keep-alive" -> {
          // framing of the recorded connection, not of this one
        }
        default -> field(head, h.name(), h.value());
      }
    }
    if (!sawLength) {
      field(head, "Content-Length", Integer.toString(body.length));
    }
    if (!sawConnection) {
      field(head, "Connection", keepAlive ? "keep-alive" : "close");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!headRequest) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static void field(StringBuilder head, String name, String value) {
    head.append(name).append(": ").append(value).append("\r\n");
  }
}
