package dev.probefleet.probe.hostile;

import dev.probefleet.model.FailureClass;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes hostile cases. A case is a pure function of the seed and its number (its own {@link
 * SplittableRandom} is seeded from both), so case 7,312 of a run is generated alone, identically,
 * when it is replayed; cases go round the {@link HostileFamily families} in order.
 *
 * <p>Every variant is built so that its failure class is certain, not merely plausible: a malformed
 * line is malformed whatever the random parts say, a timeout case never completes, a truncation
 * point falls strictly inside what it truncates. Where the class depends on the status (a body that
 * is only big, a lie that is harmless), the case carries the status's class.
 */
final class HostileGenerator {
  /** The probe client's header limit in the fuzz (a fourth of the default, to keep runs fast). */
  static final int HEADER_LIMIT = 16 * 1024;

  /** Body bytes the client keeps. */
  static final int CAPTURE_LIMIT = 8 * 1024;

  /** Body bytes the client reads and drops past the captured ones. */
  static final long DRAIN_LIMIT = 64 * 1024;

  /** The timeout of every case that is not about time: far above what a loopback answer takes. */
  static final Duration PLAIN_TIMEOUT = Duration.ofSeconds(3);

  private static final HostileFamily[] FAMILIES = HostileFamily.values();
  private static final int[] STATUSES = {200, 200, 200, 201, 301, 302, 404, 500, 502, 503, 504};
  private static final String[] HEADER_NAMES = {
    "Server", "Date", "Content-Type", "Cache-Control", "X-Request-Id", "Set-Cookie", "Via",
    "X-Cache", "Vary", "ETag", "X-Amz-Cf-Id", "CF-Ray", "Age", "Last-Modified"
  };
  private static final String TOKEN_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

  private final long seed;

  HostileGenerator(long seed) {
    this.seed = seed;
  }

  /** Case {@code number} of this seed. */
  HostileCase generate(int number) {
    if (number < 0) {
      throw new IllegalArgumentException("case number must not be negative, got " + number);
    }
    SplittableRandom random = new SplittableRandom(mix(seed, number));
    HostileFamily family = FAMILIES[number % FAMILIES.length];
    // A fifth of the cases that are not about TLS itself play inside a real TLS session, where
    // the client reads through JSSE and only its watchdog bounds a trickled record.
    boolean inTls = family != HostileFamily.TLS_GARBAGE && random.nextInt(5) == 0;
    Draft draft = new Draft(family, random);
    switch (family) {
      case MALFORMED_STATUS_LINE -> malformedStatusLine(draft);
      case MALFORMED_HEADER -> malformedHeader(draft);
      case TRUNCATED -> truncated(draft);
      case OVERSIZED_HEADER -> oversizedHeader(draft);
      case OVERSIZED_BODY -> oversizedBody(draft);
      case SLOW_DRIP -> slowDrip(draft);
      case BINARY -> binary(draft);
      case LYING_CONTENT_LENGTH -> lyingContentLength(draft);
      case BROKEN_CHUNKED -> brokenChunked(draft);
      case TLS_GARBAGE -> tlsGarbage(draft);
      case HTTP_09 -> http09(draft);
    }
    if (inTls && !draft.tls) {
      draft.tls = true;
      draft.serverTls = true;
    }
    return draft.build(seed, number);
  }

  /** A well-mixed 64-bit seed for one case (SplitMix64's finaliser over seed and number). */
  static long mix(long seed, int number) {
    long z = seed + 0x9E3779B97F4A7C15L * (number + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ---------------------------------------------------------------- families

  private void malformedStatusLine(Draft d) {
    int status = d.status();
    String reason = reason(status);
    String line =
        switch (d.random.nextInt(8)) {
          case 0 -> {
            String version =
                d.pick(
                    "HTTP/2",
                    "HTTP/2.0",
                    "HTTP/1.10",
                    "http/1.1",
                    "HTTP/1",
                    "HTTP/1.x",
                    "HTTPS/1.1",
                    "ICY",
                    "RTSP/1.0",
                    "HTTP/3");
            d.variant("bad protocol version " + version);
            yield version + " " + status + " " + reason;
          }
          case 1 -> {
            String code =
                d.pick("20", "2000", "abc", "099", "-200", "2 00", "0x1f", "", "2e2", "٢٠٠");
            d.variant("bad status code '" + code + "'");
            yield "HTTP/1.1 " + code + " " + reason;
          }
          case 2 -> {
            String separator = d.pick("  ", "\t", "", " \t");
            d.variant("bad separator after the version");
            yield "HTTP/1.1" + separator + status + " " + reason;
          }
          case 3 -> {
            int control = d.controlChar();
            d.variant(String.format("control character \\x%02x in the reason phrase", control));
            yield "HTTP/1.1 " + status + " " + reason + (char) control + d.token(1, 8);
          }
          case 4 -> {
            d.variant("empty status line");
            yield "";
          }
          case 5 -> {
            String lead = d.pick(" ", "\t", "\u00ef\u00bb\u00bf", "\0");
            d.variant("bytes before the protocol name");
            yield lead + "HTTP/1.1 " + status + " " + reason;
          }
          case 6 -> {
            d.variant("status line with a bare CR");
            yield "HTTP/1.1 " + status + "\r" + reason;
          }
          default -> {
            int interim = 17 + d.random.nextInt(8);
            d.variant(interim + " interim (1xx) responses, more than any server sends");
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < interim; i++) {
              many.append("HTTP/1.1 ").append(d.pick("100 Continue", "103 Early Hints"));
              many.append("\r\n\r\n");
            }
            yield many + "HTTP/1.1 " + status + " " + reason;
          }
        };
    Wire wire = new Wire().line(line).fields(d.fields(d.random.nextInt(5)));
    byte[] body = d.text(0, 200);
    wire.line("Content-Length: " + body.length).line("").bytes(body);
    d.write(wire).close().expect(FailureClass.INVALID_RESPONSE);
  }

  private void malformedHeader(Draft d) {
    int status = d.status();
    List<String> fields = d.fields(d.random.nextInt(6));
    String name = d.token(1, 16);
    String value = d.visible(0, 40);
    String bad =
        switch (d.random.nextInt(9)) {
          case 0 -> {
            d.variant("header line without a colon");
            yield d.token(1, 30);
          }
          case 1 -> {
            d.variant("whitespace before the colon");
            yield name + d.pick(" ", "\t", "  ") + ": " + value;
          }
          case 2 -> {
            d.variant("empty field name");
            yield ": " + value;
          }
          case 3 -> {
            char separator = d.pick("()<>@,;\\\"/[]?={}".toCharArray());
            d.variant("separator '" + separator + "' in the field name");
            yield name + separator + d.token(1, 5) + ": " + value;
          }
          case 4 -> {
            d.variant("obsolete line folding");
            fields.add(name + ": " + value);
            yield d.pick(" ", "\t") + d.visible(1, 30);
          }
          case 5 -> {
            int control = d.controlChar();
            d.variant(String.format("control character \\x%02x in a value", control));
            yield name + ": " + value + (char) control + d.visible(0, 10);
          }
          case 6 -> {
            d.variant("bare CR inside a header line");
            yield name + ": " + value + "\r" + d.token(1, 10) + ": x";
          }
          case 7 -> {
            d.variant("non-ASCII byte in the field name");
            yield name + (char) (0x80 + d.random.nextInt(0x80)) + ": " + value;
          }
          default -> {
            d.variant("NUL in the field name");
            yield name + "\0" + ": " + value;
          }
        };
    fields.add(d.random.nextInt(fields.size() + 1), bad);
    byte[] body = d.text(0, 300);
    Wire wire = new Wire().line("HTTP/1.1 " + status + " " + reason(status)).fields(fields);
    wire.line("Content-Length: " + body.length).line("").bytes(body);
    d.write(wire).close().expect(FailureClass.INVALID_RESPONSE);
  }

  private void truncated(Draft d) {
    int status = d.status();
    byte[] body = d.text(0, 400);
    Wire head = new Wire().line("HTTP/1.1 " + status + " " + reason(status));
    head.fields(d.fields(1 + d.random.nextInt(8)));
    head.line("Content-Length: " + body.length).line("");
    byte[] whole = head.toBytes();
    switch (d.random.nextInt(6)) {
      case 0 -> {
        d.variant("EMPTY_REPLY: closed without a byte");
        d.close().expect(FailureClass.PREMATURE_CLOSE);
      }
      case 1 -> {
        int cut = 1 + d.random.nextInt(whole.length - 1);
        d.variant("CLOSE_MID_HEADERS: closed after " + cut + " of " + whole.length + " head bytes");
        d.write(prefix(whole, cut)).close().expect(FailureClass.PREMATURE_CLOSE);
      }
      case 2 -> {
        int cut = 1 + d.random.nextInt(whole.length - 1);
        d.variant("closed inside the final head after a 100 Continue");
        Wire interim = new Wire().line("HTTP/1.1 100 Continue").line("");
        d.write(interim).write(prefix(whole, cut)).close().expect(FailureClass.PREMATURE_CLOSE);
      }
      case 3 -> {
        d.variant("RESET: reset before any byte");
        d.reset().expect(FailureClass.CONNECTION_RESET);
      }
      case 4 -> {
        int cut = 1 + d.random.nextInt(whole.length - 1);
        d.variant("reset after " + cut + " of " + whole.length + " head bytes");
        d.write(prefix(whole, cut)).pause(d.millis(5, 30)).reset();
        d.expect(FailureClass.CONNECTION_RESET);
      }
      default -> {
        byte[] longer = d.text(2, 3000);
        Wire full = new Wire().line("HTTP/1.1 " + status + " " + reason(status));
        full.line("Content-Length: " + longer.length).line("");
        int cut = d.random.nextInt(longer.length - 1);
        d.variant("RESET_MID_BODY: reset after " + cut + " of " + longer.length + " body bytes");
        d.write(full).write(prefix(longer, cut)).pause(d.millis(5, 30)).reset();
        d.expect(FailureClass.CONNECTION_RESET).status(status);
      }
    }
  }

  private void oversizedHeader(Draft d) {
    int status = d.status();
    int over = HEADER_LIMIT + 1 + d.random.nextInt(3 * HEADER_LIMIT);
    Wire wire = new Wire();
    switch (d.random.nextInt(6)) {
      case 5 -> {
        d.variant("interim (1xx) heads each within the limit, together past it");
        while (wire.size() <= HEADER_LIMIT) {
          int size = HEADER_LIMIT / 4 + d.random.nextInt(HEADER_LIMIT / 4);
          Wire interim =
              new Wire().line(d.pick("HTTP/1.1 100 Continue", "HTTP/1.1 103 Early Hints"));
          for (int i = 0; interim.size() < size; i++) {
            interim.line("Link: </asset-" + i + ".css>; rel=preload; as=style");
          }
          wire.bytes(interim.line("").toBytes());
        }
        wire.line("HTTP/1.1 " + status + " " + reason(status)).line("Content-Length: 0").line("");
      }
      case 0 -> {
        d.variant("one header value of " + over + " bytes");
        wire.line("HTTP/1.1 " + status + " " + reason(status)).fields(d.fields(3));
        wire.line("X-Huge: " + "v".repeat(over)).line("Content-Length: 0").line("");
      }
      case 1 -> {
        d.variant("OVERSIZED_HEADERS: header lines adding up to " + over + " bytes");
        wire.line("HTTP/1.1 " + status + " " + reason(status));
        for (int i = 0; wire.size() <= over; i++) {
          wire.line("X-Filler-" + i + ": " + d.visible(10, 900).strip() + "x");
        }
        wire.line("Content-Length: 0").line("");
      }
      case 2 -> {
        d.variant("a reason phrase of " + over + " bytes");
        wire.line("HTTP/1.1 " + status + " " + "R".repeat(over)).line("Content-Length: 0");
        wire.line("");
      }
      case 3 -> {
        d.variant(over + " bytes without a line end");
        wire.text("HTTP/1.1 " + status + " " + reason(status) + "\r\nX-Endless: ");
        wire.text("e".repeat(over));
      }
      default -> {
        d.variant("a header block that never ends (" + over + " bytes of small headers)");
        wire.line("HTTP/1.1 " + status + " " + reason(status));
        for (int i = 0; wire.size() <= over; i++) {
          wire.line("X-" + i + ": " + i);
        }
      }
    }
    d.write(wire);
    if (d.random.nextBoolean()) {
      d.close();
    } else {
      d.hold();
    }
    d.expect(FailureClass.OVERSIZED_HEADER);
  }

  private void oversizedBody(Draft d) {
    int status = d.status();
    long limit = CAPTURE_LIMIT + DRAIN_LIMIT;
    boolean past = d.random.nextInt(4) != 0;
    int size =
        past
            ? (int) limit + 1 + d.random.nextInt((int) (3 * limit))
            : d.random.nextInt((int) limit + 1);
    byte[] body = d.text(size, size);
    Wire wire = new Wire().line("HTTP/1.1 " + status + " " + reason(status)).fields(d.fields(2));
    String framing;
    switch (d.random.nextInt(3)) {
      case 0 -> {
        framing = "Content-Length";
        wire.line("Content-Length: " + size).line("").bytes(body);
      }
      case 1 -> {
        framing = "chunked";
        wire.line("Transfer-Encoding: chunked").line("").bytes(chunked(d, body, true));
      }
      default -> {
        framing = "until close";
        wire.line("Connection: close").line("").bytes(body);
      }
    }
    d.variant(
        (past ? "a body past the capture and drain limits" : "a body within the limits")
            + " ("
            + framing
            + ")");
    d.write(wire).close().expect(statusClass(status)).status(status).body(body);
  }

  private void slowDrip(Draft d) {
    Duration timeout = Duration.ofMillis(d.millis(150, 400));
    d.timeout(timeout);
    int status = d.status();
    byte[] body = d.text(50, 2000);
    Wire head = new Wire().line("HTTP/1.1 " + status + " " + reason(status)).fields(d.fields(4));
    head.line("Content-Length: " + body.length).line("");
    // A trickle lasts at least three timeouts, so it never finishes in time.
    switch (d.random.nextInt(9)) {
      case 0 -> {
        d.variant("NEVER_RESPOND: request read, no answer");
        d.hold().expect(FailureClass.RESPONSE_TIMEOUT);
      }
      case 1 -> {
        long late = timeout.toMillis() + d.millis(300, 800);
        d.variant("first byte " + late + " ms after the request");
        d.pause(late).write(head).write(body).close().expect(FailureClass.RESPONSE_TIMEOUT);
      }
      case 2 -> {
        byte[] all = concat(head.toBytes(), body);
        Duration interval = Duration.ofMillis(3 * timeout.toMillis() / all.length + 20);
        d.variant("TRICKLE: the whole answer one byte per " + interval.toMillis() + " ms");
        d.drip(all, interval).close().expect(FailureClass.DOWNLOAD_TIMEOUT);
      }
      case 3 -> {
        Duration interval = Duration.ofMillis(3 * timeout.toMillis() / body.length + 20);
        d.variant("head at once, the body one byte per " + interval.toMillis() + " ms");
        d.write(head).drip(body, interval).close();
        d.expect(FailureClass.DOWNLOAD_TIMEOUT).status(status);
      }
      case 4 -> {
        int cut = d.random.nextInt(body.length);
        d.variant("STALL_MID_BODY: " + cut + " of " + body.length + " body bytes, then silence");
        d.write(head).write(prefix(body, cut)).hold();
        d.expect(FailureClass.DOWNLOAD_TIMEOUT).status(status);
      }
      case 5 -> {
        d.variant("chunked body stalled before its last chunk");
        Wire chunkedHead = new Wire().line("HTTP/1.1 " + status + " " + reason(status));
        chunkedHead.line("Transfer-Encoding: chunked").line("");
        d.write(chunkedHead).write(chunked(d, body, false)).hold();
        d.expect(FailureClass.DOWNLOAD_TIMEOUT).status(status);
      }
      case 6 -> {
        d.variant("a body until close, never closed");
        Wire open = new Wire().line("HTTP/1.1 " + status + " " + reason(status)).line("");
        d.write(open).write(body).hold().expect(FailureClass.DOWNLOAD_TIMEOUT).status(status);
      }
      case 7 -> {
        d.variant("TLS: client hello read, no server hello ever");
        d.tls().hold().expect(FailureClass.TLS_HANDSHAKE_FAILED);
      }
      default -> {
        // Slow but in time: a generous timeout, a short trickle.
        d.timeout(PLAIN_TIMEOUT);
        byte[] small = d.text(5, 40);
        Wire quick = new Wire().line("HTTP/1.1 " + status + " " + reason(status));
        quick.line("Content-Length: " + small.length).line("");
        Duration interval = Duration.ofMillis(d.millis(1, 3));
        d.variant("slow but in time: the body one byte per " + interval.toMillis() + " ms");
        d.pause(d.millis(10, 100)).write(quick).drip(small, interval).close();
        d.expect(statusClass(status)).status(status).body(small);
      }
    }
  }

  private void binary(Draft d) {
    int status = d.status();
    switch (d.random.nextInt(4)) {
      case 0 -> {
        byte[] garbage = d.bytes(1, 4096);
        garbage[0] = notStatusLineStart(d, garbage[0]);
        garbage[d.random.nextInt(garbage.length)] = '\n';
        d.variant("random bytes with a line end");
        d.write(garbage).close().expect(FailureClass.INVALID_RESPONSE);
      }
      case 1 -> {
        byte[] garbage = d.bytes(1, 3 * HEADER_LIMIT);
        garbage[0] = notStatusLineStart(d, garbage[0]);
        d.variant("random bytes, " + garbage.length + " of them");
        d.write(garbage);
        if (d.random.nextBoolean()) {
          d.close();
        } else {
          d.hold();
          d.timeout(Duration.ofMillis(d.millis(200, 500)));
        }
        d.expect(FailureClass.INVALID_RESPONSE);
      }
      case 2 -> {
        byte[] garbage = d.bytes(1, 2000);
        garbage[0] = (byte) (1 + d.random.nextInt(8));
        garbage[garbage.length - 1] = '\n';
        d.variant("random bytes as a header line");
        Wire wire = new Wire().line("HTTP/1.1 " + status + " " + reason(status));
        wire.fields(d.fields(d.random.nextInt(3))).bytes(garbage).line("").line("");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE);
      }
      default -> {
        byte[] body = d.bytes(0, 20_000);
        boolean chunked = d.random.nextBoolean();
        d.variant("a binary body (" + (chunked ? "chunked" : "Content-Length") + ")");
        Wire wire = new Wire().line("HTTP/1.1 " + status + " " + reason(status));
        wire.line("Content-Type: application/octet-stream");
        if (chunked) {
          wire.line("Transfer-Encoding: chunked").line("").bytes(chunked(d, body, true));
        } else {
          wire.line("Content-Length: " + body.length).line("").bytes(body);
        }
        d.write(wire).close().expect(statusClass(status)).status(status).body(body);
      }
    }
  }

  private void lyingContentLength(Draft d) {
    int status = d.status();
    byte[] body = d.text(1, 3000);
    Wire head = new Wire().line("HTTP/1.1 " + status + " " + reason(status)).fields(d.fields(3));
    switch (d.random.nextInt(8)) {
      case 0 -> {
        int sent = d.random.nextInt(body.length);
        d.variant("TRUNCATED_BODY: Content-Length " + body.length + ", " + sent + " sent, closed");
        head.line("Content-Length: " + body.length).line("");
        d.write(head).write(prefix(body, sent)).close();
        d.expect(FailureClass.BODY_TRUNCATED).status(status);
      }
      case 1 -> {
        long huge = 1_000_000_000L + (d.random.nextLong() & 0x7fff_ffff_ffffL);
        d.variant("Content-Length " + huge + ", " + body.length + " sent, closed");
        head.line("Content-Length: " + huge).line("");
        d.write(head).write(body).close().expect(FailureClass.BODY_TRUNCATED).status(status);
      }
      case 2 -> {
        int announced = d.random.nextInt(body.length);
        d.variant("Content-Length " + announced + " but " + body.length + " bytes sent");
        head.line("Content-Length: " + announced).line("");
        d.write(head).write(body).close();
        d.expect(statusClass(status)).status(status).body(prefix(body, announced));
      }
      case 3 -> {
        String value =
            d.pick(
                "-1",
                "ten",
                "0x10",
                "1e3",
                "+5",
                "5 5",
                "",
                "12345678901234567890",
                "5;",
                "½",
                "9999999999999999999");
        d.variant("unparseable Content-Length '" + value + "'");
        head.line("Content-Length: " + value).line("");
        d.write(head).write(body).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      case 4 -> {
        int other = body.length + 1 + d.random.nextInt(100);
        boolean oneLine = d.random.nextBoolean();
        d.variant("conflicting Content-Length " + body.length + " and " + other);
        if (oneLine) {
          head.line("Content-Length: " + body.length + ", " + other);
        } else {
          head.line("Content-Length: " + body.length).line("Content-Length: " + other);
        }
        head.line("");
        d.write(head).write(body).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      case 5 -> {
        d.variant("Content-Length " + body.length + " twice, the same (allowed)");
        head.line("Content-Length: " + body.length).line("Content-Length: " + body.length);
        head.line("");
        d.write(head).write(body).close().expect(statusClass(status)).status(status).body(body);
      }
      case 6 -> {
        long lie = d.random.nextInt(100_000);
        d.variant("Content-Length " + lie + " beside chunked framing (chunked wins)");
        head.line("Content-Length: " + lie).line("Transfer-Encoding: chunked").line("");
        d.write(head).write(chunked(d, body, true)).close();
        d.expect(statusClass(status)).status(status).body(body);
      }
      default -> {
        int sent = d.random.nextInt(body.length);
        d.variant("Content-Length " + body.length + ", " + sent + " sent, then a reset");
        head.line("Content-Length: " + body.length).line("");
        d.write(head).write(prefix(body, sent)).pause(d.millis(5, 30)).reset();
        d.expect(FailureClass.CONNECTION_RESET).status(status);
      }
    }
  }

  private void brokenChunked(Draft d) {
    int status = d.status();
    byte[] body = d.text(1, 3000);
    Wire wire = new Wire().line("HTTP/1.1 " + status + " " + reason(status)).fields(d.fields(3));
    wire.line("Transfer-Encoding: chunked").line("");
    byte[] good = chunked(d, body, false);
    switch (d.random.nextInt(10)) {
      case 0 -> {
        String size = d.pick("zz", "0x10", "-1", "", " ", "1 2", "g", "+5", "5\u00a0");
        d.variant("chunk size '" + size + "' is not hexadecimal");
        wire.bytes(good).line(size).line("x");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      case 1 -> {
        String size = "1" + "0".repeat(15 + d.random.nextInt(10));
        d.variant("chunk size " + size + " (hex) overflows");
        wire.bytes(good).line(size).line("x");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      case 2 -> {
        d.variant("chunk data longer than its size, no CRLF after it");
        wire.line(Integer.toHexString(body.length)).bytes(body).text(d.token(1, 5)).line("");
        wire.line("0").line("");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      case 3 -> {
        int length = 4097 + d.random.nextInt(8000);
        d.variant("chunk size line of " + length + " bytes (an endless extension)");
        wire.line("5;ext=" + "e".repeat(length)).line("hello").line("0").line("");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      case 4 -> {
        int cut = d.random.nextInt(body.length);
        d.variant("closed inside a chunk of " + body.length + " bytes, after " + cut);
        wire.line(Integer.toHexString(body.length)).bytes(prefix(body, cut));
        d.write(wire).close().expect(FailureClass.BODY_TRUNCATED).status(status);
      }
      case 5 -> {
        d.variant("closed before the last chunk");
        wire.bytes(good);
        d.write(wire).close().expect(FailureClass.BODY_TRUNCATED).status(status);
      }
      case 6 -> {
        d.variant("closed inside the trailer section");
        wire.bytes(good).line("0").text("X-Trailer: " + d.token(1, 10));
        d.write(wire).close().expect(FailureClass.BODY_TRUNCATED).status(status);
      }
      case 7 -> {
        d.variant("a trailer line without a colon");
        wire.bytes(good).line("0").line(d.token(1, 20)).line("");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      case 8 -> {
        d.variant("a trailer section past the header limit");
        wire.bytes(good).line("0");
        for (int i = 0; wire.size() < good.length + 2 * HEADER_LIMIT; i++) {
          wire.line("X-T-" + i + ": " + "t".repeat(500));
        }
        wire.line("");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE).status(status);
      }
      default -> {
        d.variant("chunks with extensions, leading zeros, bare LFs and a trailer (valid)");
        Wire odd = new Wire();
        int offset = 0;
        while (offset < body.length) {
          int size = Math.min(body.length - offset, 1 + d.random.nextInt(700));
          String end = d.random.nextBoolean() ? "\r\n" : "\n";
          odd.text("0".repeat(d.random.nextInt(3)) + Integer.toHexString(size));
          odd.text(d.random.nextBoolean() ? ";name=\"" + d.token(1, 8) + "\"" : "").text(end);
          odd.bytes(java.util.Arrays.copyOfRange(body, offset, offset + size)).text(end);
          offset += size;
        }
        odd.line("0;last").line("X-Checksum: " + d.token(4, 12)).line("");
        wire.bytes(odd.toBytes());
        d.write(wire).close().expect(statusClass(status)).status(status).body(body);
      }
    }
  }

  private void tlsGarbage(Draft d) {
    d.tls();
    switch (d.random.nextInt(7)) {
      case 0 -> {
        d.variant("random bytes for a server hello");
        d.write(d.bytes(1, 3000)).close().expect(FailureClass.TLS_HANDSHAKE_FAILED);
      }
      case 1 -> {
        d.variant("a plain HTTP answer on a TLS port");
        Wire plain = new Wire().line("HTTP/1.1 400 Bad Request").line("Content-Length: 0");
        d.write(plain.line("")).close().expect(FailureClass.TLS_HANDSHAKE_FAILED);
      }
      case 2 -> {
        byte[] payload = d.bytes(1, 2000);
        Wire record = new Wire().bytes(new byte[] {0x16, 0x03, (byte) d.random.nextInt(5)});
        record.bytes(new byte[] {(byte) (payload.length >> 8), (byte) payload.length});
        d.variant("a handshake record of random bytes");
        d.write(record.bytes(payload)).close().expect(FailureClass.TLS_HANDSHAKE_FAILED);
      }
      case 3 -> {
        int description = d.random.nextInt(256);
        d.variant("a fatal alert (" + description + ") for a server hello");
        d.write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) description});
        d.close().expect(FailureClass.TLS_HANDSHAKE_FAILED);
      }
      case 4 -> {
        d.variant("closed after the client hello");
        d.close().expect(FailureClass.TLS_HANDSHAKE_FAILED);
      }
      case 5 -> {
        d.variant("reset after the client hello");
        d.reset().expect(FailureClass.CONNECTION_RESET);
      }
      default -> {
        byte[] payload = d.bytes(40, 200);
        payload[0] = 0x02;
        int declared = payload.length + d.random.nextInt(2) * d.random.nextInt(1, 5000);
        Wire record = new Wire().bytes(new byte[] {0x16, 0x03, 0x03});
        record.bytes(new byte[] {(byte) (declared >> 8), (byte) declared}).bytes(payload);
        d.variant("a server hello of random bytes (record length " + declared + ")");
        d.write(record).close().expect(FailureClass.TLS_HANDSHAKE_FAILED);
      }
    }
  }

  private void http09(Draft d) {
    switch (d.random.nextInt(5)) {
      case 0 -> {
        d.variant("an HTML page without a status line");
        Wire page = new Wire().line("<html><head><title>" + d.token(1, 20) + "</title></head>");
        page.line("<body>" + d.visible(0, 200) + "</body></html>");
        d.write(page).close().expect(FailureClass.INVALID_RESPONSE);
      }
      case 1 -> {
        String text = d.pick("ok", "OK", "pong", "healthy", "<h1>It works!</h1>", "{}", "1");
        d.variant("'" + text + "' and a close, no line end");
        d.write(text.getBytes(StandardCharsets.ISO_8859_1)).close();
        d.expect(FailureClass.INVALID_RESPONSE);
      }
      case 2 -> {
        int size = HEADER_LIMIT + 1 + d.random.nextInt(2 * HEADER_LIMIT);
        d.variant("a " + size + "-byte body without a line end");
        d.write(notStatusLine(d, d.visible(size, size))).close();
        d.expect(FailureClass.INVALID_RESPONSE);
      }
      case 3 -> {
        String start = d.pick("HTTPS is required", "HTTP ", "HTTP/", "HTTP/1", "HTTP/0.9 200 OK");
        d.variant("'" + start + "…', close to a status line but not one");
        Wire wire = new Wire().line(start + d.visible(0, 40)).line("x");
        d.write(wire).close().expect(FailureClass.INVALID_RESPONSE);
      }
      default -> {
        d.variant("a body without a line end, the connection held open");
        d.timeout(Duration.ofMillis(d.millis(200, 500)));
        d.write(notStatusLine(d, d.visible(1, 80))).hold();
        d.expect(FailureClass.INVALID_RESPONSE);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The class a complete answer of this status gets under the default expectation. */
  static FailureClass statusClass(int status) {
    if (status >= 500) {
      return FailureClass.HTTP_5XX;
    }
    return status < 400 ? FailureClass.OK : FailureClass.HTTP_UNEXPECTED_STATUS;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  /**
   * The text's bytes with a first byte that cannot begin {@code HTTP/1.}: a held "H" is a status
   * line still arriving, and waiting for the rest of it is right (seed 1796502204, case 5499).
   */
  private static byte[] notStatusLine(Draft d, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    bytes[0] = notStatusLineStart(d, bytes[0]);
    return bytes;
  }

  /** A first byte that cannot begin {@code HTTP/1.}. */
  private static byte notStatusLineStart(Draft d, byte b) {
    return b == 'H' ? (byte) ('I' + d.random.nextInt(10)) : b;
  }

  /** The body in chunks of random sizes, with the last chunk and an empty trailer if complete. */
  private static byte[] chunked(Draft d, byte[] body, boolean complete) {
    Wire out = new Wire();
    int offset = 0;
    while (offset < body.length) {
      int size = Math.min(body.length - offset, 1 + d.random.nextInt(4096));
      out.line(Integer.toHexString(size));
      out.bytes(java.util.Arrays.copyOfRange(body, offset, offset + size)).line("");
      offset += size;
    }
    if (complete) {
      out.line("0").line("");
    }
    return out.toBytes();
  }

  private static byte[] prefix(byte[] bytes, int length) {
    return java.util.Arrays.copyOf(bytes, length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  /** Bytes on the wire, built a line at a time (text as ISO-8859-1, one byte per char). */
  static final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Wire line(String text) {
      return text(text).text("\r\n");
    }

    Wire text(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
      return this;
    }

    Wire bytes(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    Wire fields(List<String> fields) {
      fields.forEach(this::line);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** A case being made: its random source and what has been decided so far. */
  private static final class Draft {
    final SplittableRandom random;
    final HostileFamily family;
    final List<Step> steps = new ArrayList<>();
    String variant = "";
    boolean tls;
    boolean serverTls;
    Duration timeout = PLAIN_TIMEOUT;
    FailureClass expected;
    Integer status;
    byte[] body;

    Draft(HostileFamily family, SplittableRandom random) {
      this.family = family;
      this.random = random;
    }

    HostileCase build(long seed, int number) {
      return new HostileCase(
          seed, number, family, variant, tls, serverTls, timeout, steps, expected, status, body);
    }

    void variant(String value) {
      variant = value;
    }

    Draft tls() {
      tls = true;
      return this;
    }

    void timeout(Duration value) {
      timeout = value;
    }

    Draft expect(FailureClass value) {
      expected = value;
      return this;
    }

    Draft status(int value) {
      status = value;
      return this;
    }

    void body(byte[] value) {
      body = value;
    }

    Draft write(Wire wire) {
      return write(wire.toBytes());
    }

    Draft write(byte[] bytes) {
      steps.add(new Step.Write(bytes));
      return this;
    }

    Draft drip(byte[] bytes, Duration interval) {
      steps.add(new Step.Drip(bytes, interval));
      return this;
    }

    Draft pause(long millis) {
      steps.add(new Step.Pause(Duration.ofMillis(millis)));
      return this;
    }

    Draft close() {
      steps.add(new Step.Close());
      return this;
    }

    Draft reset() {
      steps.add(new Step.Reset());
      return this;
    }

    Draft hold() {
      steps.add(new Step.Hold());
      return this;
    }

    int status() {
      return STATUSES[random.nextInt(STATUSES.length)];
    }

    long millis(int from, int to) {
      return from + random.nextInt(to - from + 1);
    }

    @SafeVarargs
    final <T> T pick(T... options) {
      return options[random.nextInt(options.length)];
    }

    char pick(char[] options) {
      return options[random.nextInt(options.length)];
    }

    /** A control character other than TAB, LF and CR. */
    int controlChar() {
      int c = random.nextInt(0x21);
      if (c == 0x20) {
        return 0x7f;
      }
      return c == '\t' || c == '\n' || c == '\r' ? 0x01 : c;
    }

    String token(int min, int max) {
      int length = min + random.nextInt(max - min + 1);
      StringBuilder out = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        out.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
      }
      return out.toString();
    }

    /** Printable ASCII, spaces included. */
    String visible(int min, int max) {
      int length = min + random.nextInt(max - min + 1);
      StringBuilder out = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        out.append((char) (0x20 + random.nextInt(0x5f)));
      }
      return out.toString();
    }

    /** Printable text with line ends, as a page body. */
    byte[] text(int min, int max) {
      int length = min + random.nextInt(max - min + 1);
      byte[] out = new byte[length];
      for (int i = 0; i < length; i++) {
        int r = random.nextInt(100);
        out[i] = (byte) (r < 3 ? '\n' : 0x20 + random.nextInt(0x5f));
      }
      return out;
    }

    byte[] bytes(int min, int max) {
      byte[] out = new byte[min + random.nextInt(max - min + 1)];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) random.nextInt(256);
      }
      return out;
    }

    /** Plausible header fields (names a real server sends, printable values). */
    List<String> fields(int count) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(pick(HEADER_NAMES) + ": " + visible(1, 60).strip() + "v");
      }
      return out;
    }
  }
}
