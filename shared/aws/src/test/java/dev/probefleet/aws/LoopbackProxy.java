package dev.probefleet.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of the emulator, whose link can be cut and restored while
 * the emulator keeps its state (moto keeps everything in memory: restarting it would lose what the
 * test is about).
 */
public final class LoopbackProxy implements AutoCloseable {

  /** The state of the link. */
  public enum Link {
    /** Bytes flow both ways. */
    OPEN,
    /** Nothing listens: new connections are refused; live ones were reset. */
    REFUSING,
    /** Connections are accepted and reset at once; live ones were reset. */
    RESETTING
  }

  private final InetSocketAddress upstream;
  private final int port;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile ServerSocket server;
  private volatile Link link = Link.OPEN;
  private volatile boolean closed;

  private LoopbackProxy(InetSocketAddress upstream) {
    this.upstream = upstream;
    this.server = bind(0);
    this.port = server.getLocalPort();
    this.acceptor = Thread.ofPlatform().daemon().name("loopback-proxy-" + port).start(this::accept);
  }

  /** A proxy forwarding to {@code target} (an {@code http://host:port} endpoint). */
  public static LoopbackProxy start(URI target) {
    return new LoopbackProxy(new InetSocketAddress(target.getHost(), target.getPort()));
  }

  /** Where clients connect instead of the emulator. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Link link() {
    return link;
  }

  /** Changes the link; leaving {@link Link#OPEN} resets every live connection. */
  public synchronized void set(Link next) {
    if (next == link) {
      return;
    }
    if (next != Link.OPEN) {
      dropAll();
    }
    if (next == Link.REFUSING) {
      closeQuietly(server);
    } else if (server.isClosed()) {
      server = bind(port);
    }
    link = next;
  }

  private static ServerSocket bind(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  private void accept() {
    while (!closed) {
      ServerSocket current = server;
      if (current.isClosed()) {
        pause();
        continue;
      }
      Socket client;
      try {
        client = current.accept();
      } catch (IOException e) {
        continue; // closed to refuse, or closing
      }
      if (link != Link.OPEN) {
        reset(client);
        continue;
      }
      forward(client);
    }
  }

  private void forward(Socket client) {
    Socket server;
    try {
      server = new Socket();
      server.connect(upstream, 2000);
    } catch (IOException e) {
      reset(client);
      return;
    }
    live.add(client);
    live.add(server);
    Thread.ofVirtual().start(() -> pump(client, server));
    Thread.ofVirtual().start(() -> pump(server, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      live.remove(from);
      live.remove(to);
    }
  }

  private void dropAll() {
    for (Socket s : live) {
      reset(s);
    }
    live.clear();
  }

  /** Closes with an RST rather than a FIN, as a dropped link looks to the client. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    dropAll();
    acceptor.interrupt();
  }
}
