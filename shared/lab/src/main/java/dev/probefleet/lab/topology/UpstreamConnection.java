package dev.probefleet.lab.topology;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** One connection from a hop to an upstream server, possibly TLS, possibly kept for reuse. */
final class UpstreamConnection implements AutoCloseable {
  private final InetSocketAddress server;
  private final Socket raw;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private long idleSinceNanos;

  UpstreamConnection(InetSocketAddress server, Socket raw, Socket socket) throws IOException {
    this.server = server;
    this.raw = raw;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  InetSocketAddress server() {
    return server;
  }

  InputStream in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  void markIdle() {
    idleSinceNanos = System.nanoTime();
  }

  long idleNanos() {
    return System.nanoTime() - idleSinceNanos;
  }

  /**
   * Whether an idle connection still looks usable: nothing unread and no close from the server.
   * Reads with a 1 ms timeout; a timeout means the server is quietly waiting, as it should.
   */
  boolean stillOpen() {
    try {
      if (in.available() > 0) {
        return false;
      }
      socket.setSoTimeout(1);
      in.read();
      // a byte nobody asked for, or the server's close: either way not reusable
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      raw.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
