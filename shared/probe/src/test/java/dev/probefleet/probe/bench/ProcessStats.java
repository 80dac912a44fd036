package dev.probefleet.probe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about a process in {@code /proc}: CPU time (user + system, every thread) and peak
 * resident set size ({@code VmHWM}). The same readings for every contender, whether a child JVM
 * reads its own or the parent reads blackbox_exporter's.
 */
final class ProcessStats {
  /** {@code /proc/<pid>/stat} counts in USER_HZ, which the kernel ABI fixes at 100. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessStats() {}

  /** User + system CPU time of the process so far (10 ms resolution). */
  static long cpuNanos(long pid) {
    String[] fields = statFields(pid);
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
  }

  /** The fields of {@code /proc/<pid>/stat} from the third (state) on, so utime is index 11. */
  private static String[] statFields(long pid) {
    String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }

  /**
   * User + system CPU time of this process and of the children it has waited for (child JVMs, curl,
   * the exporter once reaped): everything this benchmark ran.
   */
  static long selfAndReapedChildrenCpuNanos() {
    String[] fields = statFields(self());
    long ticks = 0;
    for (int i = 11; i <= 14; i++) {
      ticks += Long.parseLong(fields[i]);
    }
    return ticks * NANOS_PER_TICK;
  }

  /**
   * User + system CPU time of the children this process has waited for so far ({@code cutime +
   * cstime}): a child's whole CPU time, its own children included, lands here when it is reaped.
   * The delta around one child's run is that child's cost when no other child ends meanwhile.
   */
  static long reapedChildrenCpuNanos() {
    String[] fields = statFields(self());
    return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * NANOS_PER_TICK;
  }

  /**
   * CPU time the whole machine spent busy since boot, summed over its CPUs: user, nice, system,
   * irq, softirq and steal from {@code /proc/stat} (not idle, not I/O wait).
   */
  static long machineBusyNanos() {
    String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
    long ticks = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      ticks += Long.parseLong(f[i]);
    }
    return ticks * NANOS_PER_TICK;
  }

  /** The peak resident set size so far ({@code VmHWM}), in KiB. */
  static long peakRssKib(long pid) {
    for (String line : read(Path.of("/proc", String.valueOf(pid), "status")).split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
      }
    }
    throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
  }

  /** The three load averages, e.g. {@code 0.81 1.64 1.42}. */
  static String loadAverage() {
    String[] fields = read(Path.of("/proc/loadavg")).trim().split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  static long self() {
    return ProcessHandle.current().pid();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
