package dev.probefleet.cli.soak;

import java.util.List;
import java.util.Locale;

/** The samples as the soak prints them: one row per sample, and as CSV for a spreadsheet. */
final class SoakTable {
  /** Linux reports CPU time in USER_HZ ticks, 100 a second on every architecture it runs on. */
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private SoakTable() {}

  /** The printed table; a row taken during the warm-up is marked {@code w}. */
  static String render(List<ProcessSample> samples, SoakSettings settings) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%8s  %8s  %9s  %5s  %7s  %6s  %6s  %13s%n",
            "t",
            "RSS MiB",
            "heap MiB",
            "fds",
            "threads",
            "CPU %",
            "rounds",
            "last round ms"));
    double warmup = settings.warmup().toMillis() / 1000.0;
    ProcessSample previous = null;
    for (ProcessSample s : samples) {
      out.append(
          String.format(
              Locale.ROOT,
              "%7.0fs%s %8.1f  %9s  %5d  %7d  %6s  %6d  %13s%n",
              s.elapsedSeconds(),
              s.elapsedSeconds() < warmup ? "w" : " ",
              s.rssMib(),
              s.heapAfterGcKib() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.heapMib()),
              s.fds(),
              s.threads(),
              previous == null ? "-" : String.format(Locale.ROOT, "%.0f", cpuPercent(previous, s)),
              s.roundsDone(),
              s.lastRoundMillis() < 0 ? "-" : Long.toString(s.lastRoundMillis())));
      previous = s;
    }
    return out.toString();
  }

  /** The samples as CSV, with a header line. */
  static String csv(List<ProcessSample> samples) {
    StringBuilder out =
        new StringBuilder(
            "at,elapsed_s,rss_kib,heap_after_gc_kib,fds,threads,cpu_ticks,rounds_done,last_round_ms\n");
    for (ProcessSample s : samples) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s,%.1f,%d,%d,%d,%d,%d,%d,%d%n",
              s.at(),
              s.elapsedSeconds(),
              s.rssKib(),
              s.heapAfterGcKib(),
              s.fds(),
              s.threads(),
              s.cpuTicks(),
              s.roundsDone(),
              s.lastRoundMillis()));
    }
    return out.toString();
  }

  /** CPU used between two samples, in percent of one core. */
  static double cpuPercent(ProcessSample before, ProcessSample after) {
    double seconds = after.elapsedSeconds() - before.elapsedSeconds();
    double cpu = (after.cpuTicks() - before.cpuTicks()) / CLOCK_TICKS_PER_SECOND;
    return seconds <= 0 ? 0 : 100 * cpu / seconds;
  }
}
