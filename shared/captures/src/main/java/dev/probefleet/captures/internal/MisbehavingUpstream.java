package dev.probefleet.captures.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP/1.1 upstream on 127.0.0.1 that plays one {@link Behaviour}, in plain text or TLS; one
 * virtual thread per connection. It reads the request head before misbehaving, as a real
 * application would.
 */
public final class MisbehavingUpstream implements AutoCloseable {

  /** What the upstream does with each request. */
  public enum Behaviour {
    /** {@code 200 OK}, a short text body. */
    HEALTHY,
    /** A status line, then a header line without a colon. */
    INVALID_HEADER,
    /** Reads the request, then closes without writing a byte. */
    CLOSE_BEFORE_HEADERS,
    /** Waits {@link #SLOW_DELAY} before answering 200 — longer than any recording proxy waits. */
    SLOW,
    /** A 200 whose {@code Set-Cookie} header is {@link #OVERSIZED_HEADER_BYTES} long. */
    OVERSIZED_HEADER,
    /** Reads the request, then resets the connection ({@code SO_LINGER} 0 and close: an RST). */
    RESET_AFTER_REQUEST,
    /**
     * Listens but never accepts, its accept queue filled at start by connections of its own: the
     * kernel then drops every SYN, so connecting times out instead of being refused.
     */
    ACCEPT_QUEUE_FULL
  }

  /** How long {@link Behaviour#SLOW} waits before answering. */
  public static final Duration SLOW_DELAY = Duration.ofSeconds(4);

  /** Size of the oversized header: beyond nginx, HAProxy, Apache, Varnish and Squid defaults. */
  public static final int OVERSIZED_HEADER_BYTES = 70 * 1024;

  private static final int MAX_REQUEST_HEAD = 64 * 1024;

  private final Behaviour behaviour;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private MisbehavingUpstream(Behaviour behaviour, ServerSocket server) {
    this.behaviour = behaviour;
    this.server = server;
  }

  /** How long a connection attempt may take before the accept queue counts as full. */
  private static final Duration QUEUE_PROBE_TIMEOUT = Duration.ofMillis(250);

  /** Enough connections to fill any backlog of 1 (Linux queues backlog + 1). */
  private static final int MAX_QUEUE_FILLERS = 16;

  /** Starts an upstream on a free loopback port. */
  public static MisbehavingUpstream start(Behaviour behaviour) {
    try {
      return start(behaviour, new ServerSocket());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open an upstream port on 127.0.0.1", e);
    }
  }

  /**
   * Starts an upstream that speaks TLS with the context's certificate, then plays the behaviour
   * (for a client that completes the handshake).
   */
  public static MisbehavingUpstream startTls(Behaviour behaviour, SSLContext tls) {
    try {
      return start(behaviour, tls.getServerSocketFactory().createServerSocket());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a TLS upstream port on 127.0.0.1", e);
    }
  }

  private static MisbehavingUpstream start(Behaviour behaviour, ServerSocket server)
      throws IOException {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    MisbehavingUpstream upstream = new MisbehavingUpstream(behaviour, server);
    if (behaviour == Behaviour.ACCEPT_QUEUE_FULL) {
      server.bind(any, 1);
      upstream.fillAcceptQueue();
    } else {
      server.bind(any, 64);
      Thread.ofVirtual().name("upstream-" + behaviour).start(upstream::acceptLoop);
    }
    return upstream;
  }

  /**
   * Connects to itself until an attempt times out, keeping the connections open: from then on the
   * kernel drops SYNs to this port. Verified, not assumed: a kernel that answers a full queue
   * otherwise (tcp_abort_on_overflow resets) fails here.
   */
  private void fillAcceptQueue() throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    for (int i = 0; i < MAX_QUEUE_FILLERS; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(address, (int) QUEUE_PROBE_TIMEOUT.toMillis());
        open.add(filler);
      } catch (SocketTimeoutException e) {
        filler.close();
        return;
      } catch (IOException e) {
        filler.close();
        close();
        throw new IOException(
            "connecting to a full accept queue on port " + port() + " failed without timing out",
            e);
      }
    }
    close();
    throw new IOException(
        "the accept queue of port " + port() + " took " + MAX_QUEUE_FILLERS + " connections");
  }

  /** The port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(10_000);
      if (!readRequestHead(socket.getInputStream())) {
        return;
      }
      OutputStream out = socket.getOutputStream();
      switch (behaviour) {
        case HEALTHY -> out.write(ok("").getBytes(StandardCharsets.ISO_8859_1));
        case INVALID_HEADER ->
            out.write(
                ("HTTP/1.1 200 OK\r\n"
                        + "Content-Type: text/plain\r\n"
                        + "this header line has no colon\r\n"
                        + "Content-Length: 3\r\n\r\nok\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        case CLOSE_BEFORE_HEADERS -> {}
        case SLOW -> {
          long deadline = System.nanoTime() + SLOW_DELAY.toNanos();
          while (!closed && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          out.write(ok("").getBytes(StandardCharsets.ISO_8859_1));
        }
        case OVERSIZED_HEADER ->
            out.write(
                ok("Set-Cookie: session=" + "a".repeat(OVERSIZED_HEADER_BYTES) + "; Path=/\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        case RESET_AFTER_REQUEST -> socket.setSoLinger(true, 0);
        case ACCEPT_QUEUE_FULL -> throw new IllegalStateException("it never accepts");
      }
      out.flush();
    } catch (IOException e) {
      // The proxy gave up on us first (its timeout) — that is the point of several behaviours.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(socket);
    }
  }

  private static String ok(String extraHeaders) {
    return "HTTP/1.1 200 OK\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + extraHeaders
        + "Content-Length: 3\r\n"
        + "Connection: close\r\n\r\n"
        + "ok\n";
  }

  /** Reads up to the blank line ending the request head; false when the peer went away first. */
  private static boolean readRequestHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] terminator = {'\r', '\n', '\r', '\n'};
    while (head.size() < MAX_REQUEST_HEAD) {
      int b;
      try {
        b = in.read();
      } catch (SocketException e) {
        return false;
      }
      if (b < 0) {
        return false;
      }
      head.write(b);
      matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return true;
      }
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
