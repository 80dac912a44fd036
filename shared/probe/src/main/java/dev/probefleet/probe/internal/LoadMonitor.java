package dev.probefleet.probe.internal;

import com.sun.management.OperatingSystemMXBean;
import dev.probefleet.probe.ProberLoad;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The prober watching itself while a round runs: a virtual thread that asks to wake every {@value
 * #TICK_MILLIS} ms and records how late it woke. Probes run on virtual threads too, so a late tick
 * means the probes' own continuations waited for a carrier (CPU taken by handshakes, by another
 * process, by the JIT or by a GC pause) — the time a probe's timer says the target took but the
 * prober spent queueing. GC pauses and the process's CPU time are read alongside.
 *
 * <p>{@link #during} judges one probe sample by the ticks that were due while it ran; a tick that
 * is overdue at that moment counts with the lateness it has so far, so a monitor starved outright
 * still reads as saturated.
 */
final class LoadMonitor implements AutoCloseable {
  static final int TICK_MILLIS = 10;
  private static final long TICK_NANOS = TICK_MILLIS * 1_000_000L;
  private static final int CAPACITY = 1 << 16; // 11 minutes of ticks

  private final double cpus;
  private final long[] due = new long[CAPACITY];
  private final long[] late = new long[CAPACITY];
  private final long startNanos;
  private final long startCpu;
  private final long startGc;
  private final Thread thread;
  private int count;
  private volatile long lastDue;
  private volatile boolean closed;

  private LoadMonitor(double cpus) {
    this.cpus = cpus;
    this.startNanos = System.nanoTime();
    this.startCpu = processCpuNanos();
    this.startGc = gcMillis();
    this.lastDue = startNanos;
    this.thread = Thread.ofVirtual().name("probefleet-load-monitor").start(this::run);
  }

  static LoadMonitor start(double cpus) {
    return new LoadMonitor(cpus);
  }

  private void run() {
    long next = startNanos + TICK_NANOS;
    while (!closed) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        if (System.nanoTime() < next) {
          continue; // spurious wake-up
        }
      }
      long now = System.nanoTime();
      record(next, now - next);
      // Due times stay on the grid: a tick missed while late is not owed, the next is counted.
      next = Math.max(next + TICK_NANOS, now + TICK_NANOS / 2);
      lastDue = next;
    }
  }

  private synchronized void record(long dueNanos, long latenessNanos) {
    int i = count % CAPACITY;
    due[i] = dueNanos;
    late[i] = Math.max(0, latenessNanos);
    count++;
  }

  /** How late the prober's own timer was while a sample ran from {@code from} to {@code to}. */
  synchronized long maxLatenessNanos(long from, long to) {
    long max = 0;
    int n = Math.min(count, CAPACITY);
    for (int k = 0; k < n; k++) {
      int i = (count - 1 - k) % CAPACITY;
      if (due[i] < from) {
        break;
      }
      if (due[i] <= to) {
        max = Math.max(max, late[i]);
      }
    }
    // A tick overdue now has been late at least this long, and may never have been recorded.
    long overdue = System.nanoTime() - lastDue;
    if (!closed && lastDue <= to) {
      max = Math.max(max, overdue);
    }
    return max;
  }

  /** How late the timer is now: its last tick's lateness, or the lateness of a tick overdue. */
  synchronized long currentLatenessNanos() {
    long last = count == 0 ? 0 : late[(count - 1) % CAPACITY];
    long overdue = closed ? 0 : System.nanoTime() - lastDue;
    return Math.max(last, overdue);
  }

  /**
   * The largest lateness of the ticks due in the last {@code windowNanos}, overdue ones included.
   */
  long recentLatenessNanos(long windowNanos) {
    long now = System.nanoTime();
    return maxLatenessNanos(now - windowNanos, now);
  }

  /** The round's figures so far. */
  synchronized ProberLoad summary(int retried, int overloaded) {
    int n = Math.min(count, CAPACITY);
    long[] sorted = Arrays.copyOf(late, n);
    Arrays.sort(sorted);
    long wall = System.nanoTime() - startNanos;
    long cpu = processCpuNanos() - startCpu;
    double utilisation = wall > 0 && cpus > 0 && cpu >= 0 ? cpu / (wall * cpus) : 0;
    // A tick overdue now (the monitor itself starved) counts with the lateness it has so far.
    long overdue = closed ? 0 : Math.max(0, System.nanoTime() - lastDue);
    return new ProberLoad(
        n,
        n == 0 ? 0 : sorted[n / 2] / 1e6,
        n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6,
        Math.max(n == 0 ? 0 : sorted[n - 1], overdue) / 1e6,
        Math.max(0, cpu) / 1e6,
        utilisation,
        Math.max(0, gcMillis() - startGc),
        retried,
        overloaded);
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long gcMillis() {
    long total = 0;
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    for (GarbageCollectorMXBean gc : collectors) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
