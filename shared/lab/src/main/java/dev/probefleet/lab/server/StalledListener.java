package dev.probefleet.lab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket whose accept queue is full, so that a further connect never completes: the
 * client's SYN is dropped and retransmitted until the client gives up. This is what a probe sees
 * from a host behind a firewall that drops packets, reproduced on loopback.
 *
 * <p>How it is filled: the socket listens with a backlog of 1 and is never accepted from; the lab
 * then connects to it (200 ms each) until a connect times out, and keeps those connections open.
 * Java turns a backlog below 1 into its default of 50, so 0 is no use. On the machine this was
 * written on (gVisor's network stack) a backlog of 1 held two completed connections and dropped the
 * SYN of the third, which is also what Linux does (its accept queue takes backlog + 1); the filling
 * loop does not depend on that number, and fails with {@link UnableToStartServerException} on a
 * kernel that never drops a SYN.
 */
public final class StalledListener implements AutoCloseable {
  private static final int FILL_ATTEMPTS = 64;
  private static final int FILL_TIMEOUT_MILLIS = 200;

  private final ServerSocket listener;
  private final List<Socket> queued = new ArrayList<>();

  private StalledListener() {
    try {
      listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UnableToStartServerException("cannot bind the stalled listener to 127.0.0.1:0", e);
    }
    try {
      fill();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A listener whose accept queue is already full. */
  public static StalledListener start() {
    return new StalledListener();
  }

  private void fill() {
    for (int i = 0; i < FILL_ATTEMPTS; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(address(), FILL_TIMEOUT_MILLIS);
        queued.add(socket);
      } catch (SocketTimeoutException e) {
        closeQuietly(socket);
        return;
      } catch (IOException e) {
        closeQuietly(socket);
        throw new UnableToStartServerException(
            "cannot fill the accept queue of 127.0.0.1:" + port(), e);
      }
    }
    throw new UnableToStartServerException(
        "the accept queue of 127.0.0.1:"
            + port()
            + " took "
            + FILL_ATTEMPTS
            + " connections with a backlog of 1: this kernel does not drop SYNs for a full queue");
  }

  public int port() {
    return listener.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), port());
  }

  /** Connections sitting in the accept queue. */
  public int queuedConnections() {
    return queued.size();
  }

  @Override
  public void close() {
    for (Socket socket : queued) {
      closeQuietly(socket);
    }
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
