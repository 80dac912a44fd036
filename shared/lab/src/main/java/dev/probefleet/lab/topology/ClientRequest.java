package dev.probefleet.lab.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request a hop received from its client, body included (bounded), ready to be forwarded.
 *
 * @param method the method
 * @param target the request target as sent
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param headers the header fields in order
 * @param body the body, de-chunked
 */
record ClientRequest(
    String method, String target, String version, List<HeaderField> headers, byte[] body) {

  static final int HEAD_LIMIT = 64 * 1024;
  static final int BODY_LIMIT = 1024 * 1024;

  ClientRequest {
    headers = List.copyOf(headers);
  }

  boolean http11() {
    return version.equals("HTTP/1.1");
  }

  /** Whether the client wants the connection kept open after this request. */
  boolean keepAlive() {
    if (HeaderField.hasToken(headers, "Connection", "close")) {
      return false;
    }
    return http11() || HeaderField.hasToken(headers, "Connection", "keep-alive");
  }

  boolean head() {
    return method.equals("HEAD");
  }

  /** The request could not be read as HTTP/1.x; the hop answers 400 and closes. */
  static final class MalformedException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Reads the next request off a connection: null when the client closed between requests.
   *
   * @throws MalformedException for anything a strict server would reject
   */
  static ClientRequest read(InputStream in) throws IOException {
    int[] budget = {HEAD_LIMIT};
    String requestLine = line(in, budget, true);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3
        || parts[0].isEmpty()
        || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
      throw new MalformedException("bad request line: " + requestLine);
    }
    List<HeaderField> headers = new ArrayList<>();
    while (true) {
      String line = line(in, budget, false);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(0, colon).contains(" ")) {
        throw new MalformedException("bad header line: " + line);
      }
      headers.add(new HeaderField(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    return new ClientRequest(parts[0], parts[1], parts[2], headers, body(in, headers));
  }

  private static byte[] body(InputStream in, List<HeaderField> headers) throws IOException {
    if (HeaderField.first(headers, "Transfer-Encoding")
        .map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
        .orElse(false)) {
      return chunked(in);
    }
    String length = HeaderField.first(headers, "Content-Length").orElse(null);
    if (length == null) {
      return new byte[0];
    }
    long size;
    try {
      size = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw new MalformedException("bad Content-Length: " + length);
    }
    if (size < 0 || size > BODY_LIMIT) {
      throw new MalformedException("request body of " + size + " bytes");
    }
    byte[] body = in.readNBytes((int) size);
    if (body.length < size) {
      throw new MalformedException("request body ended early");
    }
    return body;
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int[] budget = {HEAD_LIMIT};
    while (true) {
      String sizeLine = line(in, budget, false);
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size =
            Long.parseLong(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new MalformedException("bad chunk size: " + sizeLine);
      }
      if (size == 0) {
        while (!line(in, budget, false).isEmpty()) {
          // trailer fields are dropped
        }
        return body.toByteArray();
      }
      if (size < 0 || body.size() + size > BODY_LIMIT) {
        throw new MalformedException("request body over " + BODY_LIMIT + " bytes");
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw new MalformedException("request body ended early");
      }
      body.writeBytes(chunk);
      if (!line(in, budget, false).isEmpty()) {
        throw new MalformedException("chunk data not followed by CRLF");
      }
    }
  }

  private static String line(InputStream in, int[] budget, boolean eofAllowed) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofAllowed && bytes.size() == 0) {
          return null;
        }
        throw new MalformedException("connection closed inside the request");
      }
      if (--budget[0] < 0) {
        throw new MalformedException("request head over " + HEAD_LIMIT + " bytes");
      }
      if (b == '\n') {
        byte[] raw = bytes.toByteArray();
        int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        return new String(raw, 0, length, StandardCharsets.ISO_8859_1);
      }
      bytes.write(b);
    }
  }
}
