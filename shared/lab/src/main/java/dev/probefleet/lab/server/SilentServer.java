package dev.probefleet.lab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts connections and then neither reads nor writes a byte until closed: a hung process behind
 * a listening socket. A plain HTTP client sees no first byte; a TLS client never gets a
 * ServerHello, so its handshake is what times out.
 */
public final class SilentServer implements AutoCloseable {
  private final ServerSocket listener;
  private final Set<Socket> held = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  private SilentServer() {
    try {
      listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UnableToStartServerException("cannot bind the silent server to 127.0.0.1:0", e);
    }
    acceptor = Thread.ofVirtual().name("lab-silent-" + port()).start(this::acceptLoop);
  }

  public static SilentServer start() {
    return new SilentServer();
  }

  public int port() {
    return listener.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), port());
  }

  /** {@code scheme://127.0.0.1:<port>} followed by the path. */
  public URI url(String scheme, String path) {
    return URI.create(
        scheme + "://" + listener.getInetAddress().getHostAddress() + ":" + port() + path);
  }

  /** Connections accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = listener.accept();
        connections.incrementAndGet();
        held.add(socket);
        if (closed) {
          socket.close();
        }
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : held) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    try {
      acceptor.join(java.time.Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
