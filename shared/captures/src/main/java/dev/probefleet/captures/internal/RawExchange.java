package dev.probefleet.captures.internal;

import dev.probefleet.captures.CapturedPage.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request over a plain socket to 127.0.0.1, and its response exactly as received:
 * status line, header fields in order with names as sent, body de-chunked. {@code
 * java.net.http.HttpClient} would normalise exactly what a recording must keep.
 */
public final class RawExchange {
  private static final int MAX_RESPONSE = 4 * 1024 * 1024;

  private RawExchange() {}

  /** A response as received. */
  public record Response(
      String version, int status, String reason, List<Header> headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The request could not be completed or its answer was not HTTP. */
  public static final class ExchangeFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    ExchangeFailedException(String message) {
      super(message);
    }
  }

  /** The request line and headers sent, for the record. */
  public static String requestHead(String host, String path) {
    return "GET "
        + path
        + " HTTP/1.1\r\n"
        + "Host: "
        + host
        + "\r\n"
        + "User-Agent: probefleet-capture/1.0\r\n"
        + "Accept: */*\r\n"
        + "Connection: close\r\n\r\n";
  }

  /**
   * Sends {@code GET path} with {@code Host: host} to 127.0.0.1:port and reads the answer within
   * the timeout.
   */
  public static Response get(int port, String host, String path, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) Math.max(1, timeout.toMillis()));
      socket.getOutputStream().write(requestHead(host, path).getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return read(socket, deadline);
    }
  }

  private static Response read(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[16 * 1024];
    int headEnd = -1;
    Framing framing = null;
    while (true) {
      if (headEnd >= 0 && framing != null && framing.complete(buffer.toByteArray(), headEnd)) {
        break;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        if (headEnd >= 0) {
          break;
        }
        throw new ExchangeFailedException(
            "no complete response head within the time limit (" + buffer.size() + " bytes)");
      }
      socket.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        if (headEnd >= 0) {
          break;
        }
        throw new ExchangeFailedException(
            "connection failed before a response head: " + e.getMessage());
      }
      if (n < 0) {
        break;
      }
      buffer.write(chunk, 0, n);
      if (buffer.size() > MAX_RESPONSE) {
        throw new ExchangeFailedException("response larger than " + MAX_RESPONSE + " bytes");
      }
      if (headEnd < 0) {
        headEnd = indexOf(buffer.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headEnd >= 0) {
          framing = Framing.of(parseHeaders(buffer.toByteArray(), headEnd));
        }
      }
    }
    byte[] all = buffer.toByteArray();
    if (headEnd < 0) {
      throw new ExchangeFailedException(
          all.length == 0
              ? "the connection closed without a response (empty reply)"
              : "the connection closed after "
                  + all.length
                  + " bytes without a complete response head");
    }
    String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
    String statusLine = head.split("\r\n", 2)[0];
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new ExchangeFailedException("not an HTTP status line: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new ExchangeFailedException("not an HTTP status line: " + statusLine);
    }
    List<Header> headers = parseHeaders(all, headEnd);
    byte[] rawBody = Arrays.copyOfRange(all, headEnd + 4, all.length);
    byte[] body = Framing.of(headers).decode(rawBody);
    return new Response(parts[0], status, parts.length > 2 ? parts[2] : "", headers, body);
  }

  private static List<Header> parseHeaders(byte[] all, int headEnd) {
    String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    List<Header> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      headers.add(new Header(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
    }
    return headers;
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** How the body is delimited. */
  private record Framing(boolean chunked, long contentLength) {
    static Framing of(List<Header> headers) {
      boolean chunked = false;
      long length = -1;
      for (Header h : headers) {
        String name = h.name().toLowerCase(Locale.ROOT);
        if (name.equals("transfer-encoding")
            && h.value().toLowerCase(Locale.ROOT).contains("chunked")) {
          chunked = true;
        } else if (name.equals("content-length")) {
          try {
            length = Long.parseLong(h.value().strip());
          } catch (NumberFormatException e) {
            length = -1;
          }
        }
      }
      return new Framing(chunked, length);
    }

    boolean complete(byte[] all, int headEnd) {
      int bodyStart = headEnd + 4;
      if (chunked) {
        return endsChunked(Arrays.copyOfRange(all, bodyStart, all.length));
      }
      return contentLength >= 0 && all.length - bodyStart >= contentLength;
    }

    byte[] decode(byte[] raw) {
      if (chunked) {
        return dechunk(raw);
      }
      if (contentLength >= 0 && raw.length > contentLength) {
        return Arrays.copyOf(raw, (int) contentLength);
      }
      return raw;
    }

    private static boolean endsChunked(byte[] raw) {
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      return text.startsWith("0\r\n") || text.contains("\r\n0\r\n") && text.endsWith("\r\n\r\n");
    }

    private static byte[] dechunk(byte[] raw) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int pos = 0;
      while (pos < raw.length) {
        int lineEnd = indexOf(Arrays.copyOfRange(raw, pos, raw.length), new byte[] {'\r', '\n'});
        if (lineEnd < 0) {
          break;
        }
        String sizeText =
            new String(raw, pos, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].strip();
        int size;
        try {
          size = Integer.parseInt(sizeText, 16);
        } catch (NumberFormatException e) {
          break;
        }
        pos += lineEnd + 2;
        if (size == 0) {
          break;
        }
        int take = Math.min(size, raw.length - pos);
        out.write(raw, pos, take);
        pos += take + 2;
      }
      return out.toByteArray();
    }
  }
}
