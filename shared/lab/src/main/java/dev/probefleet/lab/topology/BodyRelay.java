package dev.probefleet.lab.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Copies a response body from the upstream to the client as it arrives (a proxy does not wait for
 * the whole body), re-framing it when the two sides differ: a chunked or close-delimited body goes
 * to an HTTP/1.1 client chunked and to an HTTP/1.0 client close-delimited.
 */
final class BodyRelay {
  /** How the body is framed towards the client. */
  enum Downstream {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE
  }

  private static final int BUFFER = 8 * 1024;

  private BodyRelay() {}

  /**
   * Relays the body.
   *
   * @throws UpstreamFailureException the upstream failed mid-body; what came before was relayed
   * @throws DownstreamGoneException the client went away
   */
  static void relay(InputStream in, UpstreamResponse head, OutputStream out, Downstream downstream)
      throws UpstreamFailureException, DownstreamGoneException {
    try {
      switch (head.framing()) {
        case NONE -> {
          // nothing to copy
        }
        case LENGTH -> copyExactly(in, head.contentLength(), out, downstream);
        case CHUNKED -> dechunk(in, out, downstream);
        case UNTIL_CLOSE -> copyUntilClose(in, out, downstream);
      }
      if (downstream == Downstream.CHUNKED) {
        write(out, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, 5);
      }
      flush(out);
    } catch (SocketTimeoutException e) {
      throw new UpstreamFailureException(UpstreamFailure.BODY_TIMEOUT, e.getMessage());
    } catch (SocketException e) {
      throw new UpstreamFailureException(UpstreamFailure.BODY_RESET, e.getMessage());
    } catch (IOException e) {
      throw new UpstreamFailureException(UpstreamFailure.BODY_RESET, e.toString());
    }
  }

  private static void copyExactly(InputStream in, long length, OutputStream out, Downstream down)
      throws IOException, UpstreamFailureException, DownstreamGoneException {
    byte[] buffer = new byte[BUFFER];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new UpstreamFailureException(
            UpstreamFailure.BODY_CLOSED_EARLY,
            "closed after " + (length - left) + " of " + length + " body bytes");
      }
      emit(out, buffer, n, down);
      left -= n;
    }
  }

  private static void copyUntilClose(InputStream in, OutputStream out, Downstream down)
      throws IOException, DownstreamGoneException {
    byte[] buffer = new byte[BUFFER];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      emit(out, buffer, n, down);
    }
  }

  private static void dechunk(InputStream in, OutputStream out, Downstream down)
      throws IOException, UpstreamFailureException, DownstreamGoneException {
    byte[] buffer = new byte[BUFFER];
    while (true) {
      String sizeLine = line(in);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      if (!hex.matches("[0-9a-fA-F]{1,15}")) {
        throw new UpstreamFailureException(UpstreamFailure.BODY_INVALID, "chunk size " + hex);
      }
      long size = Long.parseLong(hex, 16);
      if (size == 0) {
        while (!line(in).isEmpty()) {
          // trailer fields are dropped, as both nginx and HAProxy do by default
        }
        return;
      }
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new UpstreamFailureException(
              UpstreamFailure.BODY_CLOSED_EARLY, "closed inside a chunk");
        }
        emit(out, buffer, n, down);
        left -= n;
      }
      if (!line(in).isEmpty()) {
        throw new UpstreamFailureException(
            UpstreamFailure.BODY_INVALID, "chunk data not followed by CRLF");
      }
    }
  }

  private static String line(InputStream in) throws IOException, UpstreamFailureException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new UpstreamFailureException(
            UpstreamFailure.BODY_CLOSED_EARLY, "closed inside the chunked framing");
      }
      if (b == '\n') {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      if (bytes.size() > 4096) {
        throw new UpstreamFailureException(UpstreamFailure.BODY_INVALID, "chunk line too long");
      }
      bytes.write(b);
    }
  }

  private static void emit(OutputStream out, byte[] buffer, int n, Downstream down)
      throws DownstreamGoneException {
    if (n == 0) {
      return;
    }
    if (down == Downstream.CHUNKED) {
      byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      write(out, size, 0, size.length);
      write(out, buffer, 0, n);
      write(out, new byte[] {'\r', '\n'}, 0, 2);
    } else {
      write(out, buffer, 0, n);
    }
    // Pass each piece on at once: a client must see a stalled or cut body as it happens.
    flush(out);
  }

  private static void write(OutputStream out, byte[] bytes, int offset, int length)
      throws DownstreamGoneException {
    try {
      out.write(bytes, offset, length);
    } catch (IOException e) {
      throw new DownstreamGoneException(e);
    }
  }

  private static void flush(OutputStream out) throws DownstreamGoneException {
    try {
      out.flush();
    } catch (IOException e) {
      throw new DownstreamGoneException(e);
    }
  }
}
