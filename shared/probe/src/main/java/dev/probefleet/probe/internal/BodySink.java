package dev.probefleet.probe.internal;

import java.io.ByteArrayOutputStream;

/**
 * Where a response body goes: the first bytes up to the capture limit are kept, the next ones up to
 * the drain limit are counted and dropped, and past that the client stops reading (and will close
 * the connection rather than reuse it). Its state stays readable when reading fails part-way, so a
 * truncated or stalled body still reports what arrived.
 */
final class BodySink {
  private final int captureLimit;
  private final long drainLimit;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private long total;
  private boolean complete;
  private boolean stopped;

  BodySink(int captureLimit, long drainLimit) {
    this.captureLimit = captureLimit;
    this.drainLimit = drainLimit;
  }

  /** Takes bytes; false when the drain limit is reached and reading should stop. */
  boolean accept(byte[] bytes, int length) {
    int keep = Math.max(0, Math.min(length, captureLimit - captured.size()));
    captured.write(bytes, 0, keep);
    total += length;
    if (total > captureLimit + drainLimit) {
      stopped = true;
      return false;
    }
    return true;
  }

  void complete() {
    complete = true;
  }

  byte[] captured() {
    return captured.toByteArray();
  }

  long total() {
    return total;
  }

  /** Whether the body was read to the end its framing defines. */
  boolean isComplete() {
    return complete;
  }

  /** Whether reading stopped at the drain limit, leaving the rest of the body unread. */
  boolean stoppedAtLimit() {
    return stopped;
  }
}
