package dev.probefleet.lab.topology;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The head of a response read from an upstream, and how its body is framed.
 *
 * <p>Read strictly, as nginx and HAProxy read what their upstreams send: the status line must be
 * {@code HTTP/1.x NNN[ reason]}, every header line a token, a colon and a value without control
 * characters, no obsolete line folding, at most one distinct {@code Content-Length}, and the whole
 * head within the hop's header buffer. Bare LF line ends are accepted, as both do. Interim (1xx)
 * responses are skipped.
 *
 * @param version the status line's protocol version
 * @param status the status code
 * @param reason the reason phrase, possibly empty
 * @param headers header fields in order, names as received
 * @param framing how the body's end is marked
 * @param contentLength the body length when {@code framing} is {@link Framing#LENGTH}
 */
record UpstreamResponse(
    String version,
    int status,
    String reason,
    List<HeaderField> headers,
    Framing framing,
    long contentLength) {

  /** How a body's end is marked. */
  enum Framing {
    /** No body (HEAD, 1xx, 204, 304). */
    NONE,
    /** {@code Content-Length} bytes. */
    LENGTH,
    /** Chunked transfer coding. */
    CHUNKED,
    /** Everything until the connection closes. */
    UNTIL_CLOSE
  }

  UpstreamResponse {
    headers = List.copyOf(headers);
  }

  /** Whether the upstream said it will close the connection after this response. */
  boolean closes() {
    return HeaderField.hasToken(headers, "Connection", "close")
        || (version.equals("HTTP/1.0")
            && !HeaderField.hasToken(headers, "Connection", "keep-alive"));
  }

  /**
   * Reads a response head within a budget of bytes.
   *
   * @param headRequest the request was HEAD, so the response has no body whatever it says
   * @throws UpstreamFailureException naming what was wrong
   */
  static UpstreamResponse read(InputStream in, int budget, boolean headRequest)
      throws UpstreamFailureException {
    int[] left = {budget};
    boolean[] sawBytes = {false};
    try {
      while (true) {
        String statusLine = line(in, left, sawBytes);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2
            || !(parts[0].equals("HTTP/1.1") || parts[0].equals("HTTP/1.0"))
            || !parts[1].matches("[1-9][0-9][0-9]")) {
          throw new UpstreamFailureException(
              UpstreamFailure.INVALID_STATUS_LINE, "status line: " + printable(statusLine));
        }
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length == 3 ? parts[2] : "";
        List<HeaderField> headers = new ArrayList<>();
        while (true) {
          String line = line(in, left, sawBytes);
          if (line.isEmpty()) {
            break;
          }
          headers.add(field(line));
        }
        if (status >= 100 && status < 200 && status != 101) {
          continue;
        }
        return framed(parts[0], status, reason, headers, headRequest);
      }
    } catch (SocketTimeoutException e) {
      throw new UpstreamFailureException(UpstreamFailure.RESPONSE_TIMEOUT, e.getMessage());
    } catch (EOFException e) {
      throw new UpstreamFailureException(
          UpstreamFailure.CLOSED_BEFORE_HEADERS,
          sawBytes[0] ? "closed inside the response head" : "closed without a byte");
    } catch (SocketException e) {
      throw new UpstreamFailureException(UpstreamFailure.RESET_BEFORE_HEADERS, e.getMessage());
    } catch (IOException e) {
      throw new UpstreamFailureException(UpstreamFailure.RESET_BEFORE_HEADERS, e.toString());
    }
  }

  private static UpstreamResponse framed(
      String version, int status, String reason, List<HeaderField> headers, boolean headRequest)
      throws UpstreamFailureException {
    if (headRequest || status < 200 || status == 204 || status == 304) {
      return new UpstreamResponse(version, status, reason, headers, Framing.NONE, 0);
    }
    List<String> encodings = new ArrayList<>();
    List<String> lengths = new ArrayList<>();
    for (HeaderField f : headers) {
      if (f.is("Transfer-Encoding")) {
        for (String coding : f.value().split(",")) {
          encodings.add(coding.trim().toLowerCase(Locale.ROOT));
        }
      } else if (f.is("Content-Length")) {
        lengths.add(f.value().trim());
      }
    }
    if (!encodings.isEmpty()) {
      if (!encodings.get(encodings.size() - 1).equals("chunked")) {
        throw new UpstreamFailureException(
            UpstreamFailure.INVALID_HEADER, "Transfer-Encoding not ending in chunked");
      }
      return new UpstreamResponse(version, status, reason, headers, Framing.CHUNKED, -1);
    }
    if (!lengths.isEmpty()) {
      String first = lengths.get(0);
      if (!first.matches("[0-9]{1,18}") || lengths.stream().anyMatch(l -> !l.equals(first))) {
        throw new UpstreamFailureException(
            UpstreamFailure.INVALID_HEADER, "Content-Length: " + String.join(", ", lengths));
      }
      return new UpstreamResponse(
          version, status, reason, headers, Framing.LENGTH, Long.parseLong(first));
    }
    return new UpstreamResponse(version, status, reason, headers, Framing.UNTIL_CLOSE, -1);
  }

  private static HeaderField field(String line) throws UpstreamFailureException {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      throw new UpstreamFailureException(
          UpstreamFailure.INVALID_HEADER, "folded header line: " + printable(line));
    }
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new UpstreamFailureException(
          UpstreamFailure.INVALID_HEADER, "header line without a colon: " + printable(line));
    }
    String name = line.substring(0, colon);
    for (int i = 0; i < name.length(); i++) {
      if (!token(name.charAt(i))) {
        throw new UpstreamFailureException(
            UpstreamFailure.INVALID_HEADER, "bad header name: " + printable(name));
      }
    }
    String value = line.substring(colon + 1).strip();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new UpstreamFailureException(
            UpstreamFailure.INVALID_HEADER, "control character in header " + name);
      }
    }
    return new HeaderField(name, value);
  }

  private static boolean token(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** One line without its end, counted against the budget. */
  private static String line(InputStream in, int[] left, boolean[] sawBytes)
      throws IOException, UpstreamFailureException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      sawBytes[0] = true;
      if (--left[0] < 0) {
        throw new UpstreamFailureException(
            UpstreamFailure.HEADER_TOO_LARGE, "response head larger than the header buffer");
      }
      if (b == '\n') {
        byte[] raw = bytes.toByteArray();
        int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        return new String(raw, 0, length, StandardCharsets.ISO_8859_1);
      }
      bytes.write(b);
    }
  }

  private static String printable(String text) {
    String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
