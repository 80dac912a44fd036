package dev.probefleet.cli.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks at a running JVM from outside, as an operator would: {@code /proc/PID/status} for resident
 * memory and threads, {@code /proc/PID/fd} for descriptors, {@code /proc/PID/stat} for CPU time,
 * and {@code jcmd PID GC.run} then {@code GC.heap_info} for the heap after a full collection (what
 * is really held, not what awaits collection).
 *
 * <p>The first {@code jcmd} starts the target's Attach Listener thread, which stays: {@link
 * #attach()} does that once before the first sample, so it does not show as growth.
 */
final class ProcessSampler {
  /**
   * A generation line of {@code GC.heap_info}: Serial and Parallel print two ({@code DefNew total
   * 116224K, used 1024K}), G1 one ({@code garbage-first heap total reserved 6184960K, committed
   * 57344K, used 11517K} on JDK 25).
   */
  private static final Pattern GENERATION =
      Pattern.compile("^\\s*(\\S.*?)\\s+total [^\\n]*?\\bused (\\d+)K", Pattern.MULTILINE);

  private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);

  private final long pid;
  private final Path jcmd;
  private final Path commands;

  /**
   * @param pid the JVM to watch
   * @param javaHome the JDK whose {@code bin/jcmd} attaches to it
   * @param work a directory for jcmd's command file
   */
  ProcessSampler(long pid, Path javaHome, Path work) {
    this.pid = pid;
    this.jcmd = javaHome.resolve("bin").resolve("jcmd");
    if (!Files.isExecutable(jcmd)) {
      throw new SoakException(jcmd + " is missing: the soak needs a JDK's jcmd (JAVA_HOME)");
    }
    try {
      Files.createDirectories(work);
      this.commands = work.resolve("jcmd-heap-after-gc.txt");
      Files.writeString(commands, "GC.run\nGC.heap_info\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SoakException("cannot write jcmd's command file under " + work, e);
    }
  }

  /** Attaches once, so the Attach Listener thread exists before the first sample. */
  void attach() {
    jcmd(List.of(jcmd.toString(), Long.toString(pid), "VM.uptime"));
  }

  /** Samples the process now; {@code heap} asks jcmd for the heap after a full GC too. */
  ProcessSample sample(Instant started, boolean heap, int roundsDone, long lastRoundMillis) {
    Instant now = Instant.now();
    String status = read(proc("status"));
    long rss = field(status, "VmRSS");
    int threads = (int) field(status, "Threads");
    int fds = countFds();
    long cpu = cpuTicks(read(proc("stat")));
    long heapKib = heap ? heapAfterGcKib() : -1;
    return new ProcessSample(
        now,
        Duration.between(started, now).toMillis() / 1000.0,
        rss,
        heapKib,
        fds,
        threads,
        cpu,
        roundsDone,
        lastRoundMillis);
  }

  /** Live objects per class ({@code GC.class_histogram}, itself after a full GC). */
  ClassHistogram histogram() {
    return ClassHistogram.parse(
        jcmd(List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram")));
  }

  /** {@code GC.run}, then the heap in use as {@code GC.heap_info} reports it, KiB. */
  long heapAfterGcKib() {
    String out = jcmd(List.of(jcmd.toString(), Long.toString(pid), "-f", commands.toString()));
    return heapUsedKib(out);
  }

  /**
   * The heap in use from {@code GC.heap_info}'s text: the sum of its generations' (or G1's single
   * heap's) {@code used}; Metaspace is not heap and has no {@code total}.
   *
   * @throws SoakException when the text names no generation (ZGC, Shenandoah: other formats)
   */
  static long heapUsedKib(String heapInfo) {
    Matcher m = GENERATION.matcher(heapInfo);
    long used = 0;
    int found = 0;
    while (m.find()) {
      if (m.group(1).toLowerCase().contains("space")) {
        continue; // eden/from/to/the space lines print a percentage, never "total …, used …K"
      }
      used += Long.parseLong(m.group(2));
      found++;
    }
    if (found == 0) {
      throw new SoakException(
          "GC.heap_info names no generation with 'total …, used …K' (a collector other than"
              + " Serial, Parallel or G1?):\n"
              + heapInfo);
    }
    return used;
  }

  /** A {@code kB} or count field of {@code /proc/PID/status}. */
  static long field(String status, String name) {
    Matcher m = Pattern.compile("^" + name + ":\\s+(\\d+)", Pattern.MULTILINE).matcher(status);
    if (!m.find()) {
      throw new SoakException("/proc status has no " + name + " field");
    }
    return Long.parseLong(m.group(1));
  }

  /** utime + stime (fields 14 and 15) of {@code /proc/PID/stat}; the command may hold spaces. */
  static long cpuTicks(String stat) {
    String afterCommand = stat.substring(stat.lastIndexOf(')') + 2);
    String[] f = afterCommand.trim().split("\\s+");
    // afterCommand starts at field 3 (state): utime is field 14, stime field 15.
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private int countFds() {
    try (Stream<Path> fds = Files.list(proc("fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new SoakException("cannot list " + proc("fd") + ": has the process ended?", e);
    }
  }

  private Path proc(String name) {
    return Path.of("/proc", Long.toString(pid), name);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new SoakException("cannot read " + file + ": has the process ended?", e);
    }
  }

  /**
   * Runs jcmd with its output in a file, never a pipe: while the target JVM streams a long answer
   * (a class histogram) it holds a safepoint, and a reader of a pipe inside that same JVM (the
   * sampler's test, attached to itself) would wait for the safepoint while jcmd waits for the pipe.
   */
  private String jcmd(List<String> command) {
    Path output = commands.resolveSibling("jcmd-output.txt");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!p.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new SoakException(String.join(" ", command) + " took over " + JCMD_TIMEOUT);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new SoakException(
            String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new SoakException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoakException("interrupted while running " + command.get(0), e);
    }
  }
}
