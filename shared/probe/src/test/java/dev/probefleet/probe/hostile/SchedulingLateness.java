package dev.probefleet.probe.hostile;

import java.util.concurrent.locks.LockSupport;

/**
 * How late a virtual thread wakes in this JVM, sampled all through a run: a virtual thread parks
 * for {@value #PERIOD_MILLIS} ms again and again and records how much later than asked it ran. The
 * probes run on virtual threads too, and a probe can notice its deadline no sooner than a parked
 * virtual thread is run again, so this is the part of a probe's overshoot that is the prober's
 * saturation (a machine whose load is many times its cores, a carrier held by other work), not the
 * client's — DESIGN §1: a result seen while the prober was saturated is inconclusive, never a
 * verdict.
 */
final class SchedulingLateness implements AutoCloseable {
  static final int PERIOD_MILLIS = 5;
  private static final long PERIOD_NANOS = PERIOD_MILLIS * 1_000_000L;
  private static final int CAPACITY = 1 << 17;

  private final long[] starts = new long[CAPACITY];
  private final long[] ends = new long[CAPACITY];
  private volatile int recorded;
  private volatile boolean closed;
  private final Thread thread;

  SchedulingLateness() {
    thread = Thread.ofVirtual().name("hostile-lateness").start(this::sample);
  }

  private void sample() {
    while (!closed && recorded < CAPACITY) {
      long start = System.nanoTime();
      LockSupport.parkNanos(PERIOD_NANOS);
      long end = System.nanoTime();
      starts[recorded] = start;
      ends[recorded] = end;
      recorded = recorded + 1;
    }
  }

  /**
   * The longest a parked virtual thread was kept waiting past its wake-up time by samples that
   * overlap this window (nanoTime); call it once the window is over and a sample has ended since.
   */
  long worstNanos(long from, long to) {
    long worst = 0;
    int count = recorded;
    for (int i = count - 1; i >= 0; i--) {
      if (ends[i] < from) {
        break;
      }
      if (starts[i] <= to) {
        worst = Math.max(worst, ends[i] - starts[i] - PERIOD_NANOS);
      }
    }
    return worst;
  }

  /** How many samples were later than this. */
  int countLaterThan(long nanos) {
    int count = 0;
    for (int i = 0; i < recorded; i++) {
      if (ends[i] - starts[i] - PERIOD_NANOS > nanos) {
        count++;
      }
    }
    return count;
  }

  /** Samples taken. */
  int samples() {
    return recorded;
  }

  /** The longest lateness of the whole run. */
  long worstNanos() {
    return worstNanos(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.join();
  }
}
