package dev.probefleet.functions.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much of the machine's CPU went to processes other than the benchmark's own (this JVM and
 * everything under it: the emulator, the functions, moto) while a section ran — so a reader can
 * tell a figure taken on a busy machine. Linux only ({@code /proc}); elsewhere it says "unknown".
 */
final class CpuAccounting {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private final long wallStart = System.nanoTime();
  private final long machineStart = machineBusyTicks();
  private final long oursStart = ourTicks();

  /** Others' share of the machine (0 to 1) since this accounting began, or -1 when unknown. */
  double othersShare() {
    long machine = machineBusyTicks();
    long ours = ourTicks();
    if (machine < 0 || ours < 0 || machineStart < 0 || oursStart < 0) {
      return -1;
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double capacity = wall * TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors();
    double others = (machine - machineStart) - (ours - oursStart);
    return Math.max(0, others / capacity);
  }

  String describe() {
    double share = othersShare();
    return share < 0
        ? "other processes' CPU share: unknown (no /proc)"
        : String.format(
            Locale.ROOT,
            "other processes used %.0f %% of the machine's CPU meanwhile (load average now %.2f)",
            share * 100,
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
  }

  /** user + nice + system + irq + softirq + steal of every CPU, in ticks. */
  private static long machineBusyTicks() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * This JVM's CPU, its reaped children's (cutime and cstime include their reaped descendants), and
   * its live descendants', in ticks.
   */
  private static long ourTicks() {
    long self = processTicks(ProcessHandle.current().pid());
    if (self < 0) {
      return -1;
    }
    long descendants =
        ProcessHandle.current()
            .descendants()
            .mapToLong(p -> Math.max(0, processTicks(p.pid())))
            .sum();
    return self + descendants;
  }

  private static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // Fields after the command: state(0) … utime(11) stime(12) cutime(13) cstime(14).
      return Long.parseLong(f[11])
          + Long.parseLong(f[12])
          + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
