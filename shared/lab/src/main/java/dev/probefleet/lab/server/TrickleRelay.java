package dev.probefleet.lab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 that passes the client's bytes to an upstream at once and the upstream's
 * bytes back one at a time, an interval apart — a congested or malicious path below TLS. Unlike
 * {@link Fault#TRICKLE}, which trickles HTTP above TLS, this trickles the TLS records themselves,
 * so a client's TLS layer sees every byte arrive in time and only an overall deadline stops it.
 */
public final class TrickleRelay implements AutoCloseable {
  private final InetSocketAddress upstream;
  private final Duration interval;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread acceptor;

  private TrickleRelay(InetSocketAddress upstream, Duration interval) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.interval = Objects.requireNonNull(interval, "interval");
    try {
      listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UnableToStartServerException("cannot bind the trickle relay to 127.0.0.1:0", e);
    }
    acceptor = Thread.ofVirtual().name("lab-trickle-" + port()).start(this::acceptLoop);
  }

  /** Relays to {@code upstream}, returning its bytes one per {@code interval}. */
  public static TrickleRelay start(InetSocketAddress upstream, Duration interval) {
    return new TrickleRelay(upstream, interval);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code scheme://127.0.0.1:<port>} followed by the path. */
  public URI url(String scheme, String path) {
    return URI.create(
        scheme + "://" + listener.getInetAddress().getHostAddress() + ":" + port() + path);
  }

  private void acceptLoop() {
    while (closed.getCount() > 0) {
      try {
        Socket client = listener.accept();
        open.add(client);
        Thread.ofVirtual().start(() -> relay(client));
      } catch (IOException e) {
        if (closed.getCount() == 0) {
          return;
        }
      }
    }
  }

  private void relay(Socket client) {
    try (Socket server = new Socket()) {
      open.add(server);
      server.connect(upstream, 5_000);
      Thread up = Thread.ofVirtual().start(() -> copy(client, server));
      try {
        InputStream in = server.getInputStream();
        OutputStream out = client.getOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
          if (closed.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
            return;
          }
          out.write(b);
          out.flush();
        }
      } finally {
        up.interrupt();
      }
    } catch (IOException | InterruptedException e) {
      // either side went away
    } finally {
      closeQuietly(client);
    }
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // either side went away
    }
  }

  @Override
  public void close() {
    closed.countDown();
    closeQuietly(listener);
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    try {
      acceptor.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
