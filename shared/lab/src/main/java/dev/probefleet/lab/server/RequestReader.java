package dev.probefleet.lab.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads HTTP/1.x requests off a connection for the lab server: request line, header fields, and a
 * body framed by Content-Length or chunked encoding (read and counted, not kept). Lenient where a
 * test client might be sloppy (bare LF line ends), strict where a broken request would leave the
 * connection out of step.
 */
final class RequestReader {
  /** The parts of one request head and its body size. */
  record Head(
      String method, String target, String version, List<Reply.Header> headers, long bodyBytes) {}

  /** The request could not be read as HTTP; the server answers 400 and closes. */
  static final class MalformedRequestException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedRequestException(String message) {
      super(message);
    }
  }

  private static final int HEAD_LIMIT = 64 * 1024;

  private final InputStream in;

  RequestReader(InputStream in) {
    this.in = in;
  }

  /** The next request, or null when the client closed the connection between requests. */
  Head next() throws IOException {
    int[] budget = {HEAD_LIMIT};
    String requestLine = line(budget, true);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new MalformedRequestException("bad request line: " + requestLine);
    }
    List<Reply.Header> headers = new ArrayList<>();
    while (true) {
      String line = line(budget, false);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedRequestException("bad header line: " + line);
      }
      headers.add(new Reply.Header(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    long bodyBytes = body(headers);
    return new Head(parts[0], parts[1], parts[2], headers, bodyBytes);
  }

  private long body(List<Reply.Header> headers) throws IOException {
    for (Reply.Header h : headers) {
      if (h.name().equalsIgnoreCase("Transfer-Encoding")
          && h.value().toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
        return chunked();
      }
    }
    for (Reply.Header h : headers) {
      if (h.name().equalsIgnoreCase("Content-Length")) {
        long length;
        try {
          length = Long.parseLong(h.value().trim());
        } catch (NumberFormatException e) {
          throw new MalformedRequestException("bad Content-Length: " + h.value());
        }
        skip(length);
        return length;
      }
    }
    return 0;
  }

  private long chunked() throws IOException {
    long total = 0;
    int[] budget = {HEAD_LIMIT};
    while (true) {
      String sizeLine = line(budget, false);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new MalformedRequestException("bad chunk size: " + sizeLine);
      }
      if (size == 0) {
        while (!line(budget, false).isEmpty()) {
          // trailer fields are read and dropped
        }
        return total;
      }
      skip(size);
      total += size;
      if (!line(budget, false).isEmpty()) {
        throw new MalformedRequestException("chunk data not followed by CRLF");
      }
    }
  }

  private void skip(long length) throws IOException {
    long left = length;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new MalformedRequestException("request body ended early");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** One line without its end; null at EOF before the first byte when {@code eofAllowed}. */
  private String line(int[] budget, boolean eofAllowed) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofAllowed && bytes.size() == 0) {
          return null;
        }
        throw new MalformedRequestException("connection closed inside the request head");
      }
      if (--budget[0] < 0) {
        throw new MalformedRequestException("request head exceeds " + HEAD_LIMIT + " bytes");
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
