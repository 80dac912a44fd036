package dev.probefleet.probe.internal;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.ResponseHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict, incremental HTTP/1.1 response parser reading straight off the connection's bytes (never
 * a {@code readLine} on untrusted input). Accepts: a status line {@code HTTP/1.x SP 3DIGIT [SP
 * reason]} (HTTP/1.0 peers too), header lines {@code token ":" OWS value OWS} ended by CRLF or a
 * bare LF, interim 1xx responses (skipped, except 101), and bodies framed by chunked encoding (with
 * extensions and trailers), Content-Length or the connection's close. Rejects, as {@link
 * FailureClass#INVALID_RESPONSE}: anything else on the status line (from the first byte that cannot
 * begin {@code HTTP/1.}, so an HTTP/0.9 or non-HTTP answer is invalid whether or not a line end,
 * the close or the header limit comes first), obsolete line folding, a bare CR, control characters,
 * whitespace before a colon, conflicting Content-Length values and broken chunk framing. A header
 * block over the limit is {@link FailureClass#OVERSIZED_HEADER}; the peer closing inside the header
 * block is {@link FailureClass#PREMATURE_CLOSE}, inside the body {@link
 * FailureClass#BODY_TRUNCATED}.
 */
final class ResponseParser {
  private static final Pattern STATUS_LINE =
      Pattern.compile("HTTP/1\\.(\\d) ([1-9]\\d\\d)(?: ([\\t\\x20-\\x7e\\x80-\\xff]*))?");
  private static final byte[] VERSION_PREFIX = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_INTERIM = 16;
  private static final int CHUNK_LINE_LIMIT = 4096;

  /** The response cannot be taken further; carries the class and the detail. */
  static final class Violation extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient FailureClass failureClass;

    Violation(FailureClass failureClass, String detail) {
      super(detail, null, false, false);
      this.failureClass = failureClass;
    }

    FailureClass failureClass() {
      return failureClass;
    }
  }

  /**
   * A final response's status line and header fields.
   *
   * @param version e.g. {@code HTTP/1.1}
   * @param status the status code
   * @param reason the reason phrase, possibly empty
   * @param headers the header fields
   * @param interim how many interim responses came before it
   * @param bytes the size of its header block on the wire: status line, header lines and the empty
   *     line, line ends included
   */
  record Head(
      String version, int status, String reason, ResponseHeaders headers, int interim, int bytes) {}

  /** How the body's end is marked. */
  enum Framing {
    NONE,
    CONTENT_LENGTH,
    CHUNKED,
    CLOSE_DELIMITED
  }

  private final ResponseInput in;
  private final int headerLimit;
  private boolean headComplete;
  private int headBytes;

  ResponseParser(ResponseInput in, int headerLimit) {
    this.in = in;
    this.headerLimit = headerLimit;
  }

  /** Whether the final response's header block was read completely. */
  boolean headComplete() {
    return headComplete;
  }

  /**
   * Bytes of the header block being read or last read: its whole size once complete, else what came
   * of it before the parse stopped (over the limit: the limit and the byte that broke it).
   */
  int headBytes() {
    return headBytes;
  }

  /**
   * Reads up to the final response's header block, skipping interim responses. The header limit
   * bounds them all together: each interim head counted on its own would let a peer send 17 times
   * the limit before the final head (as curl counts every head of a response against one total).
   */
  Head readHead() throws IOException, Violation {
    int[] budget = {headerLimit};
    for (int interim = 0; interim <= MAX_INTERIM; interim++) {
      Head head = readOneHead(interim, budget);
      if (head.status() >= 200 || head.status() == 101) {
        headComplete = true;
        return head;
      }
    }
    throw new Violation(
        FailureClass.INVALID_RESPONSE, "more than " + MAX_INTERIM + " interim (1xx) responses");
  }

  private Head readOneHead(int interim, int[] budget) throws IOException, Violation {
    headBytes = 0;
    String statusLine = statusLine(budget);
    Matcher m = STATUS_LINE.matcher(statusLine);
    if (!m.matches()) {
      throw invalid("status line '" + quote(statusLine) + "' is not valid");
    }
    String version = "HTTP/1." + m.group(1);
    int status = Integer.parseInt(m.group(2));
    String reason = m.group(3) == null ? "" : m.group(3);
    List<ResponseHeaders.Field> fields = new ArrayList<>();
    for (int number = 1; ; number++) {
      String line = line(budget, "header line " + number, true);
      if (line.isEmpty()) {
        break;
      }
      fields.add(field(line, "header line " + number));
    }
    return new Head(version, status, reason, new ResponseHeaders(fields), interim, headBytes);
  }

  /**
   * The status line. Its first bytes must be {@code HTTP/1.}: an answer that starts otherwise (an
   * HTTP/0.9 body, a TLS alert, another protocol's banner) is invalid from its first wrong byte,
   * not only once a line end arrives — without one it would otherwise pass for a header block cut
   * short by the close, overrun the header limit or wait for the deadline. The rest of the line, up
   * to a line end, the close, the limit, the deadline or 100 bytes, is read only to show it.
   */
  private String statusLine(int[] budget) throws IOException, Violation {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    for (byte expected : VERSION_PREFIX) {
      int b = next(budget, true);
      bytes.write(b);
      if (b != expected) {
        throw invalid("status line '" + quote(restOfLine(bytes, budget)) + "' is not valid");
      }
    }
    return bytes.toString(StandardCharsets.ISO_8859_1) + line(budget, "status line", true);
  }

  /** What follows a line that is already invalid, as far as it can be had for the detail. */
  private String restOfLine(ByteArrayOutputStream bytes, int[] budget) {
    int b = bytes.toByteArray()[bytes.size() - 1] & 0xff;
    try {
      while (b != '\n' && bytes.size() <= 100) {
        b = next(budget, true);
        bytes.write(b);
      }
    } catch (IOException | Violation e) {
      // closed, over the limit or out of time: the line is invalid either way
    }
    String line = bytes.toString(StandardCharsets.ISO_8859_1);
    return line.endsWith("\r\n")
        ? line.substring(0, line.length() - 2)
        : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
  }

  /** How the body of this response to this request method ends. */
  Framing framing(Head head, String method) throws Violation {
    int status = head.status();
    if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
      return Framing.NONE;
    }
    List<String> transferEncoding = head.headers().all("Transfer-Encoding");
    if (!transferEncoding.isEmpty()) {
      List<String> codings = new ArrayList<>();
      for (String value : transferEncoding) {
        for (String coding : value.split(",")) {
          if (!coding.isBlank()) {
            codings.add(coding.trim().toLowerCase(Locale.ROOT));
          }
        }
      }
      return !codings.isEmpty() && codings.get(codings.size() - 1).equals("chunked")
          ? Framing.CHUNKED
          : Framing.CLOSE_DELIMITED;
    }
    return contentLength(head) >= 0 ? Framing.CONTENT_LENGTH : Framing.CLOSE_DELIMITED;
  }

  /** The Content-Length, or -1 when there is none. */
  long contentLength(Head head) throws Violation {
    long length = -1;
    for (String value : head.headers().all("Content-Length")) {
      for (String part : value.split(",", -1)) {
        String digits = part.trim();
        if (!digits.matches("\\d{1,18}")) {
          throw invalid("Content-Length '" + quote(value) + "' is not a number");
        }
        long parsed = Long.parseLong(digits);
        if (length >= 0 && parsed != length) {
          throw invalid("conflicting Content-Length values: " + length + ", " + parsed);
        }
        length = parsed;
      }
    }
    return length;
  }

  /** Reads the body into the sink as the framing says. */
  void readBody(Framing framing, long contentLength, BodySink sink) throws IOException, Violation {
    switch (framing) {
      case NONE -> sink.complete();
      case CONTENT_LENGTH -> fixed(contentLength, sink);
      case CHUNKED -> chunked(sink);
      case CLOSE_DELIMITED -> untilClose(sink);
    }
  }

  private void fixed(long length, BodySink sink) throws IOException, Violation {
    byte[] buffer = new byte[8192];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new Violation(
            FailureClass.BODY_TRUNCATED,
            "body ended after " + sink.total() + " of " + length + " bytes (Content-Length)");
      }
      left -= n;
      if (!sink.accept(buffer, n)) {
        return;
      }
    }
    sink.complete();
  }

  private void untilClose(BodySink sink) throws IOException {
    byte[] buffer = new byte[8192];
    while (true) {
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        sink.complete();
        return;
      }
      if (!sink.accept(buffer, n)) {
        return;
      }
    }
  }

  private void chunked(BodySink sink) throws IOException, Violation {
    byte[] buffer = new byte[8192];
    while (true) {
      int[] lineBudget = {CHUNK_LINE_LIMIT};
      String sizeLine = chunkLine(lineBudget, sink, "before the last chunk");
      long size = chunkSize(sizeLine);
      if (size == 0) {
        trailers(sink);
        sink.complete();
        return;
      }
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new Violation(
              FailureClass.BODY_TRUNCATED,
              "body ended after "
                  + sink.total()
                  + " bytes, inside a chunk of "
                  + size
                  + " bytes (chunked)");
        }
        left -= n;
        if (!sink.accept(buffer, n)) {
          return;
        }
      }
      int[] crlfBudget = {2};
      String end;
      try {
        end = chunkLine(crlfBudget, sink, "after a chunk");
      } catch (Violation v) {
        if (v.failureClass() == FailureClass.BODY_TRUNCATED) {
          throw v;
        }
        throw invalid("chunk of " + size + " bytes is not followed by CRLF");
      }
      if (!end.isEmpty()) {
        throw invalid("chunk of " + size + " bytes is not followed by CRLF");
      }
    }
  }

  private String chunkLine(int[] budget, BodySink sink, String where)
      throws IOException, Violation {
    try {
      return line(budget, "chunk size line", false);
    } catch (Violation v) {
      if (v.failureClass() == FailureClass.PREMATURE_CLOSE) {
        throw new Violation(
            FailureClass.BODY_TRUNCATED,
            "body ended after " + sink.total() + " bytes, " + where + " (chunked)");
      }
      if (v.failureClass() == FailureClass.OVERSIZED_HEADER) {
        throw invalid("chunk size line exceeds " + CHUNK_LINE_LIMIT + " bytes");
      }
      throw v;
    }
  }

  private long chunkSize(String line) throws Violation {
    int semicolon = line.indexOf(';');
    String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
    if (!hex.matches("[0-9A-Fa-f]+")) {
      throw invalid("chunk size '" + quote(line) + "' is not hexadecimal");
    }
    String digits = hex.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 15) {
      throw invalid("chunk size '" + quote(hex) + "' is too large");
    }
    return Long.parseLong(digits, 16);
  }

  private void trailers(BodySink sink) throws IOException, Violation {
    int[] budget = {headerLimit};
    for (int number = 1; ; number++) {
      String line;
      try {
        line = line(budget, "trailer line " + number, false);
      } catch (Violation v) {
        if (v.failureClass() == FailureClass.PREMATURE_CLOSE) {
          throw new Violation(
              FailureClass.BODY_TRUNCATED,
              "body ended after " + sink.total() + " bytes, in the trailer section (chunked)");
        }
        if (v.failureClass() == FailureClass.OVERSIZED_HEADER) {
          throw invalid("trailer section exceeds " + headerLimit + " bytes");
        }
        throw v;
      }
      if (line.isEmpty()) {
        return;
      }
      field(line, "trailer line " + number);
    }
  }

  private ResponseHeaders.Field field(String line, String where) throws Violation {
    char first = line.charAt(0);
    if (first == ' ' || first == '\t') {
      throw invalid(where + " is an obsolete folded continuation: '" + quote(line) + "'");
    }
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw invalid(where + " has no colon: '" + quote(line) + "'");
    }
    if (colon == 0) {
      throw invalid(where + " has an empty name: '" + quote(line) + "'");
    }
    String name = line.substring(0, colon);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ' ' || c == '\t') {
        throw invalid(where + " has whitespace before the colon: '" + quote(line) + "'");
      }
      if (!isTokenChar(c)) {
        throw invalid(where + " has an invalid name: '" + quote(line) + "'");
      }
    }
    String value = line.substring(colon + 1);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw invalid(where + " has a control character in its value: '" + quote(line) + "'");
      }
    }
    return new ResponseHeaders.Field(name, value.strip());
  }

  /**
   * One line without its end (CRLF or a bare LF), bytes kept as ISO-8859-1. Every byte, the line
   * end included, counts against the budget.
   */
  private String line(int[] budget, String what, boolean inHead) throws IOException, Violation {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    while (true) {
      int b = next(budget, inHead);
      if (b == '\n') {
        return bytes.toString(StandardCharsets.ISO_8859_1);
      }
      if (b == '\r') {
        int after = next(budget, inHead);
        if (after == '\n') {
          return bytes.toString(StandardCharsets.ISO_8859_1);
        }
        throw invalid(
            what + " has a bare CR: '" + quote(bytes.toString(StandardCharsets.ISO_8859_1)) + "'");
      }
      bytes.write(b);
    }
  }

  private int next(int[] budget, boolean inHead) throws IOException, Violation {
    int b = in.read();
    if (b < 0) {
      long received = in.consumed();
      throw new Violation(
          FailureClass.PREMATURE_CLOSE,
          received == 0
              ? "closed after 0 bytes (empty reply)"
              : "closed after " + received + " bytes, before the end of the header block");
    }
    if (inHead) {
      headBytes++;
    }
    if (--budget[0] < 0) {
      throw new Violation(
          FailureClass.OVERSIZED_HEADER,
          inHead ? "header block exceeds " + headerLimit + " bytes" : "line too long");
    }
    return b;
  }

  private static Violation invalid(String detail) {
    return new Violation(FailureClass.INVALID_RESPONSE, detail);
  }

  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** At most 100 characters, control and non-ASCII bytes escaped. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(text.length(), 100);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > shown) {
      out.append("…");
    }
    return out.toString();
  }
}
