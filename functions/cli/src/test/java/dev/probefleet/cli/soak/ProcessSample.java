package dev.probefleet.cli.soak;

import java.time.Instant;

/**
 * One look at the fleet process.
 *
 * @param at when
 * @param elapsedSeconds since the process started
 * @param rssKib resident memory ({@code VmRSS})
 * @param heapAfterGcKib heap in use right after a full GC ({@code jcmd GC.run}, {@code
 *     GC.heap_info}); -1 when jcmd could not tell
 * @param fds open file descriptors (entries of {@code /proc/PID/fd})
 * @param threads the process's threads ({@code Threads} of {@code /proc/PID/status}); virtual
 *     threads not mounted on a carrier are not counted by the kernel
 * @param cpuTicks user plus system time so far, in clock ticks (1/100 s)
 * @param roundsDone rounds reported so far
 * @param lastRoundMillis how long the last round reported so far took, -1 before the first
 */
record ProcessSample(
    Instant at,
    double elapsedSeconds,
    long rssKib,
    long heapAfterGcKib,
    int fds,
    int threads,
    long cpuTicks,
    int roundsDone,
    long lastRoundMillis) {

  double rssMib() {
    return rssKib / 1024.0;
  }

  double heapMib() {
    return heapAfterGcKib < 0 ? Double.NaN : heapAfterGcKib / 1024.0;
  }

  double minutes() {
    return elapsedSeconds / 60.0;
  }
}
