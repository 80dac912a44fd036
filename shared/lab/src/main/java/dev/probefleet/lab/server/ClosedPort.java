package dev.probefleet.lab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A port on 127.0.0.1 on which nothing listens, reserved for as long as this object is open: the
 * "wrong port" a misconfigured proxy points at. A connect to it is refused, and no other server can
 * take the port in the meantime, because a socket stays bound to it without listening (Linux
 * refuses connections to a bound socket that does not listen).
 */
public final class ClosedPort implements AutoCloseable {
  private final Socket holder;

  private ClosedPort() {
    holder = new Socket();
    try {
      holder.setReuseAddress(true);
      holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      try {
        holder.close();
      } catch (IOException ignored) {
        // nothing was bound
      }
      throw new UnableToStartServerException("cannot reserve a closed port on 127.0.0.1", e);
    }
  }

  /** Reserves a port that refuses connections. */
  public static ClosedPort reserve() {
    return new ClosedPort();
  }

  public int port() {
    return holder.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
  }

  @Override
  public void close() {
    try {
      holder.close();
    } catch (IOException e) {
      // releasing anyway
    }
  }

  @Override
  public String toString() {
    return "ClosedPort[127.0.0.1:" + port() + "]";
  }
}
