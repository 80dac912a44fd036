package dev.probefleet.probe.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A connection's response bytes, buffered, under the current sample's deadline: before every read
 * of the socket the read timeout is set to the time left, and once the deadline has passed no read
 * is attempted at all — so a server trickling a byte at a time cannot stretch a probe. Counts the
 * bytes of the current response and notes when its first byte came.
 */
final class ResponseInput {
  /** Sets the socket's read timeout; {@code Socket::setSoTimeout} in practice. */
  @FunctionalInterface
  interface ReadTimeout {
    void set(int millis) throws SocketException;
  }

  private final ReadTimeout readTimeout;
  private final InputStream in;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private Deadline deadline;
  private long consumed;
  private long firstByteNanos;

  ResponseInput(ReadTimeout readTimeout, InputStream in) {
    this.readTimeout = readTimeout;
    this.in = in;
  }

  /** Starts a new response under a new deadline. */
  void startResponse(Deadline value) {
    this.deadline = value;
    this.consumed = 0;
    this.firstByteNanos = position < limit ? System.nanoTime() : 0;
  }

  /** The next byte, or -1 at the end of the stream. */
  int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    consumed++;
    return buffer[position++] & 0xff;
  }

  /** Up to {@code length} bytes into {@code target}; -1 at the end of the stream. */
  int read(byte[] target, int offset, int length) throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    int n = Math.min(length, limit - position);
    System.arraycopy(buffer, position, target, offset, n);
    position += n;
    consumed += n;
    return n;
  }

  private boolean fill() throws IOException {
    if (deadline.expired()) {
      throw new SocketTimeoutException("probe deadline passed");
    }
    int n;
    do {
      readTimeout.set(deadline.remainingMillisForTimeout());
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    if (firstByteNanos == 0 && n > 0) {
      firstByteNanos = System.nanoTime();
    }
    position = 0;
    limit = n;
    return true;
  }

  /** Bytes of the current response taken so far. */
  long consumed() {
    return consumed;
  }

  /** Whether a byte of the current response has arrived. */
  boolean sawFirstByte() {
    return firstByteNanos != 0;
  }

  /** {@link System#nanoTime()} of the current response's first byte, or 0. */
  long firstByteNanos() {
    return firstByteNanos;
  }

  /** Whether bytes beyond the current response are already buffered. */
  boolean hasBuffered() {
    return position < limit;
  }
}
