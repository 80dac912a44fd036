package dev.probefleet.probe.hostile;

import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.ServerTls;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Plays hostile cases on 127.0.0.1: a few {@linkplain Lane lanes}, each a listener of its own that
 * serves one case at a time, so a connection's case is known the moment it is accepted — plain HTTP
 * or TLS alike, with nothing in the bytes to tell them apart — and the probes of one lane never
 * wait on another's. Each case is probed on a fresh connection; the server reads the request (or
 * the client's first TLS record) in full before it plays the case's steps, so that closing is a
 * clean FIN unless the step is a reset. Over TLS the server either completes the handshake (a
 * self-signed certificate; the probe is {@code insecure}) and plays the case inside the session, or
 * answers the client hello with the case's bytes (TLS garbage).
 *
 * <p>The server stands for remote endpoints, so it runs on platform threads of its own (one per
 * connection, from a cached pool) rather than the lab's {@code LoopbackListener}, whose handlers
 * are virtual threads: sharing the probe client's carrier threads, a server's accept or its next
 * drip would wait for the client's CPU work on a 2-core machine, and the client would be timed on
 * the server's lateness.
 */
final class HostileServer implements AutoCloseable {
  private static final int REQUEST_LIMIT = 64 * 1024;
  private static final int HOLD_LIMIT_MILLIS = 30_000;
  private static final IssuedCertificate CERTIFICATE = IssuedCertificate.selfSigned("localhost");

  private final SSLContext tls =
      ServerTls.of(CERTIFICATE.privateKey(), CERTIFICATE.chain()).sslContext();
  private final List<Lane> lanes = new ArrayList<>();
  private final ExecutorService connections =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().daemon().name("hostile-connection-", 0).factory());
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger stale = new AtomicInteger();
  private final AtomicInteger served = new AtomicInteger();
  private volatile boolean closed;

  HostileServer(int laneCount) throws IOException {
    try {
      for (int i = 0; i < laneCount; i++) {
        lanes.add(new Lane(i));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  Lane lane(int index) {
    return lanes.get(index);
  }

  /** Connections that arrived for a case already over (none, unless an accept lagged a probe). */
  int staleConnections() {
    return stale.get();
  }

  /** Connections whose case was played. */
  int servedConnections() {
    return served.get();
  }

  @Override
  public void close() {
    closed = true;
    for (Lane lane : lanes) {
      closeQuietly(lane.listener);
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    connections.shutdownNow();
  }

  /** One listener and the case it is serving now. */
  final class Lane {
    private final ServerSocket listener;
    private volatile HostileCase current;

    private Lane(int index) throws IOException {
      this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().name("hostile-accept-" + index).start(this::accept);
    }

    /** Serves this case to the next connections, until {@link #clear()}. */
    void serve(HostileCase value) {
      current = value;
    }

    void clear() {
      current = null;
    }

    /** Where the probe of a case goes: this lane's port, the case's scheme and request target. */
    URI url(HostileCase c) {
      return URI.create(
          (c.tls() ? "https" : "http")
              + "://127.0.0.1:"
              + listener.getLocalPort()
              + c.requestTarget());
    }

    private void accept() {
      while (!closed) {
        Socket socket;
        try {
          socket = listener.accept();
        } catch (IOException e) {
          return;
        }
        HostileCase c = current;
        open.add(socket);
        try {
          connections.execute(() -> serve(socket, c));
        } catch (RejectedExecutionException e) {
          open.remove(socket);
          closeQuietly(socket);
        }
      }
    }

    private void serve(Socket socket, HostileCase c) {
      try (socket) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(HOLD_LIMIT_MILLIS);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        if (c == null) {
          stale.incrementAndGet();
          return;
        }
        Socket session = socket;
        if (c.tls() && !c.serverTls()) {
          readFirstTlsRecord(in);
        } else {
          if (c.serverTls()) {
            SSLSocket ssl =
                (SSLSocket)
                    tls.getSocketFactory().createSocket(socket, null, /* autoClose= */ true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            session = ssl;
            in = new BufferedInputStream(ssl.getInputStream());
          }
          if (!c.requestTarget().equals(readRequestTarget(in))) {
            stale.incrementAndGet();
            return;
          }
        }
        served.incrementAndGet();
        play(c, socket, session, in, session.getOutputStream());
      } catch (IOException e) {
        // the client hung up (it gives up at its deadline); the case is over either way
      } finally {
        open.remove(socket);
      }
    }
  }

  /**
   * Plays the steps over {@code session} (the TLS socket, or the TCP one); a reset goes to the TCP
   * socket itself, a close through the session (a TLS session sends its close_notify first).
   */
  private static void play(
      HostileCase c, Socket socket, Socket session, InputStream in, OutputStream out)
      throws IOException {
    for (Step step : c.steps()) {
      switch (step) {
        case Step.Write w -> {
          out.write(w.bytes());
          out.flush();
        }
        case Step.Drip d -> {
          for (byte b : d.bytes()) {
            out.write(b);
            out.flush();
            sleep(d.interval().toMillis());
          }
        }
        case Step.Pause p -> sleep(p.duration().toMillis());
        case Step.Close close -> {
          session.close();
          return;
        }
        case Step.Reset reset -> {
          socket.setSoLinger(true, 0);
          socket.close();
          return;
        }
        case Step.Hold hold -> {
          awaitHangUp(in);
          return;
        }
      }
    }
  }

  /** Reads until the client closes (or resets) the connection, bounded by the socket timeout. */
  private static void awaitHangUp(InputStream in) throws IOException {
    byte[] sink = new byte[4096];
    try {
      while (in.read(sink) >= 0) {
        // drain whatever the client still sends (a TLS alert)
      }
    } catch (SocketTimeoutException e) {
      // held long enough: no probe waits 30 s
    }
  }

  /** The request's target; reads the head to its blank line (the probe sends no body). */
  private static String readRequestTarget(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0 || head.size() > REQUEST_LIMIT) {
        return "";
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
    }
    String[] requestLine =
        head.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0].split(" ");
    return requestLine.length == 3 ? requestLine[1] : "";
  }

  /** Reads the client's first TLS record (its client hello) whole, header and payload. */
  private static void readFirstTlsRecord(InputStream in) throws IOException {
    byte[] header = in.readNBytes(5);
    if (header.length == 5 && header[0] == 0x16) {
      int length = (header[3] & 0xff) << 8 | header[4] & 0xff;
      in.readNBytes(length);
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: the server is closing", e);
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
