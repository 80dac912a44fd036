package dev.probefleet.probe.internal;

import dev.probefleet.model.TlsSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

/**
 * One open connection of a probe: the TCP socket, the TLS socket over it if any, the response
 * reader, and the connection slot it holds until closed. Kept across the keep-alive part of a
 * burst.
 */
final class Connection implements AutoCloseable {
  final Socket raw;
  final Socket socket;
  final ResponseInput input;
  final OutputStream output;
  final String remoteAddress;
  final List<String> resolvedAddresses;
  final TlsSession tls;
  private final Permit permit;

  Connection(
      Socket raw,
      Socket socket,
      Permit permit,
      String remoteAddress,
      List<String> resolvedAddresses,
      TlsSession tls)
      throws IOException {
    this.raw = raw;
    this.socket = socket;
    this.permit = permit;
    this.remoteAddress = remoteAddress;
    this.resolvedAddresses = List.copyOf(resolvedAddresses);
    this.tls = tls;
    this.input = new ResponseInput(socket::setSoTimeout, socket.getInputStream());
    this.output = socket.getOutputStream();
  }

  /** Whether this side has not closed it (the server may have: that is what a burst finds out). */
  boolean usable() {
    return !raw.isClosed();
  }

  /**
   * Closes the TCP socket directly, not through TLS: a close_notify could block on a peer that
   * stopped reading, and the probe is over either way.
   */
  @Override
  public void close() {
    try {
      raw.close();
    } catch (IOException e) {
      // closing anyway
    } finally {
      permit.release();
    }
  }
}
