package dev.probefleet.probe.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The loopback HTTP/1.1 server a client primes itself against: bound to 127.0.0.1 on a free port,
 * never anything else; one virtual thread per connection; plain or TLS. It answers {@code GET
 * /<shape>/<delay ms>/<anything>} after the delay (so the client's read really waits, as it waits
 * for a target), in one of the shapes a probe meets: {@code length} (Content-Length), {@code
 * chunked} (with a trailer), {@code close} (body until the connection closes), {@code interim} (a
 * {@code 100 Continue} first), {@code error} (a 503 page), {@code redirect} (a 302). A request that
 * asks for keep-alive is answered with keep-alive and the connection serves the next one.
 *
 * <p>{@link #close()} closes the listening socket and every open connection and waits for every
 * thread it started, so nothing of it outlives the call.
 */
final class PrimingServer implements AutoCloseable {
  /** The shapes of answer the server gives; the first path segment of a request. */
  static final Set<String> SHAPES =
      Set.of("length", "chunked", "close", "interim", "error", "redirect");

  private static final int HEAD_LIMIT = 8 * 1024;
  private static final int IDLE_MILLIS = 2_000;
  private static final int MAX_DELAY_MILLIS = 1_000;
  private static final byte[] PAGE =
      ("<!DOCTYPE html>\n<html><head><title>probefleet priming</title></head>\n<body><h1>ok</h1>\n"
              + "<p>The probe client's own loopback server: it answers so that the client's request"
              + " writer, response parser and the virtual-thread scheduler run once before the"
              + " first real round.</p>\n"
              + "<p>"
              + "x".repeat(256)
              + "</p>\n</body></html>\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private PrimingServer(ServerSocket listener) {
    this.listener = listener;
    this.threads =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("probefleet-priming-server-", 0).factory());
    threads.execute(this::accept);
  }

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param tls the context to serve TLS with, or null for plain HTTP
   */
  static PrimingServer start(SSLContext tls) throws IOException {
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    ServerSocket listener =
        tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
    try {
      listener.bind(address, 256);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    return new PrimingServer(listener);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return;
      }
      open.add(socket);
      if (closed) {
        closeQuietly(socket);
        return;
      }
      threads.execute(() -> serve(socket));
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(IDLE_MILLIS);
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        boolean keepAlive = head.toLowerCase(Locale.ROOT).contains("\nconnection: keep-alive");
        String[] target = requestTarget(head).split("/");
        String shape = target.length > 1 && SHAPES.contains(target[1]) ? target[1] : "length";
        long delay = target.length > 2 ? delayMillis(target[2]) : 0;
        if (delay > 0) {
          Thread.sleep(delay);
        }
        out.write(answer(shape, keepAlive && !shape.equals("close")));
        out.flush();
        if (!keepAlive || shape.equals("close")) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away or the server is closing: nothing to answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(socket);
    }
  }

  /** The request head up to its blank line, or null when the connection ended first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    int last4 = 0;
    while (head.size() < HEAD_LIMIT) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static String requestTarget(String head) {
    int first = head.indexOf(' ');
    int second = first < 0 ? -1 : head.indexOf(' ', first + 1);
    return second < 0 ? "/" : head.substring(first + 1, second);
  }

  private static long delayMillis(String text) {
    try {
      return Math.min(MAX_DELAY_MILLIS, Math.max(0, Long.parseLong(text)));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] answer(String shape, boolean keepAlive) {
    String connection = "Connection: " + (keepAlive ? "keep-alive" : "close") + "\r\n";
    String common =
        "Server: probefleet-priming\r\nContent-Type: text/html; charset=utf-8\r\n"
            + "Cache-Control: no-store\r\nX-Request-Id: priming\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    switch (shape) {
      case "chunked" -> {
        write(
            out,
            "HTTP/1.1 200 OK\r\n" + common + connection + "Transfer-Encoding: chunked\r\n\r\n");
        int half = PAGE.length / 2;
        write(out, Integer.toHexString(half) + ";ext=1\r\n");
        out.write(PAGE, 0, half);
        write(out, "\r\n" + Integer.toHexString(PAGE.length - half) + "\r\n");
        out.write(PAGE, half, PAGE.length - half);
        write(out, "\r\n0\r\nX-Trailer: done\r\n\r\n");
      }
      case "close" -> {
        write(out, "HTTP/1.1 200 OK\r\n" + common + "Connection: close\r\n\r\n");
        out.writeBytes(PAGE);
      }
      case "interim" -> {
        write(out, "HTTP/1.1 100 Continue\r\n\r\n");
        write(out, "HTTP/1.1 200 OK\r\n" + common + connection);
        write(out, "Content-Length: " + PAGE.length + "\r\n\r\n");
        out.writeBytes(PAGE);
      }
      case "error" -> {
        write(out, "HTTP/1.1 503 Service Unavailable\r\n" + common + connection);
        write(out, "Retry-After: 1\r\nContent-Length: " + PAGE.length + "\r\n\r\n");
        out.writeBytes(PAGE);
      }
      case "redirect" -> {
        write(out, "HTTP/1.1 302 Found\r\n" + common + connection);
        write(out, "Location: /length/0/moved\r\nContent-Length: 0\r\n\r\n");
      }
      default -> {
        write(out, "HTTP/1.1 200 OK\r\n" + common + connection);
        write(out, "Content-Length: " + PAGE.length + "\r\n\r\n");
        out.writeBytes(PAGE);
      }
    }
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Stops accepting, closes every open connection, interrupts answers still waiting out their
   * delay, and waits (at most a few seconds) for the server's threads to end.
   */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(IDLE_MILLIS * 2L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
