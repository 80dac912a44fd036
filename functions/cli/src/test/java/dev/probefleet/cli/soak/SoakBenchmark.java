package dev.probefleet.cli.soak;

import dev.probefleet.lab.Lab;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code make soak}: starts the lab with a fleet of targets ({@link Lab#fleetTargets(int)}, each a
 * cdn, an lb and an origin path through the lab's hops), writes them as a targets file, runs {@code
 * bin/probefleet run --no-tty --http off --output json} on it as a separate process for the given
 * duration, samples that process every {@code sample} ({@link ProcessSampler}) while reading its
 * rounds from its standard output ({@link ReportedRound}), then stops it with SIGTERM (as Ctrl-C or
 * systemd would) and prints the table, the round figures and the verdict ({@link SoakReport}); the
 * chart and the CSVs go under {@code out}.
 *
 * <p>Samples are taken at a fixed point of every period of the wall clock (70 % into it): the
 * rounds' slots are aligned to the same clock, so with {@code sample} equal to the interval every
 * sample looks at the same moment of a round, and descriptor and thread counts compare like with
 * like. Heap after GC costs a full collection in the fleet's process per sample (tens of
 * milliseconds), which is the price of measuring what it really holds; it lands before the next
 * slot even when jcmd takes a second to start on a loaded machine (at 85 % it once delayed a
 * round's start by 1.9 s), inside a round's analysis at worst.
 *
 * <p>Exit status: 0 PASS, 1 FAIL, 2 the soak could not run (bad {@code SOAK_ARGS}, the fleet died).
 */
public final class SoakBenchmark {
  private static final double SAMPLE_PHASE = 0.7;
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

  private final SoakSettings settings;
  private final PrintStream out;
  private final List<ReportedRound> rounds = new ArrayList<>();
  private final List<String> unreadable = new ArrayList<>();

  SoakBenchmark(SoakSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) {
    int status;
    try {
      SoakSettings settings = SoakSettings.parse(Arrays.asList(args));
      status = new SoakBenchmark(settings, System.out).run(Path.of("").toAbsolutePath()) ? 0 : 1;
    } catch (SoakException e) {
      System.err.println("soak: " + e.getMessage());
      status = 2;
    }
    System.exit(status);
  }

  /** Runs the soak from the repository root; whether the verdict passed. */
  boolean run(Path root) {
    Path launcher = root.resolve("bin/probefleet");
    Path jar = root.resolve("functions/cli/target/probefleet-cli.jar");
    if (!Files.isExecutable(launcher) || !Files.isRegularFile(jar)) {
      throw new SoakException(
          "run from the repository root after `make cli`: " + launcher + " or " + jar + " missing");
    }
    Path dir = root.resolve(settings.out());
    prepare(dir);
    out.println("soak: " + settings.describe());
    try (Lab lab = Lab.builder().origins(settings.origins()).start()) {
      List<Target> fleet = lab.fleetTargets(settings.targets());
      Path targetsFile = dir.resolve("targets.yaml");
      write(targetsFile, targetsYaml(fleet));
      int paths = fleet.stream().mapToInt(t -> t.paths().size()).sum();
      out.printf(
          Locale.ROOT,
          "soak: the lab (%s) with %d targets, %d paths through its hops; targets in %s%n",
          lab,
          fleet.size(),
          paths,
          root.relativize(targetsFile));
      return soak(launcher, targetsFile, dir, paths, root);
    }
  }

  private boolean soak(Path launcher, Path targetsFile, Path dir, int paths, Path root) {
    List<String> command =
        new ArrayList<>(
            List.of(
                launcher.toString(),
                "run",
                "--config",
                targetsFile.toString(),
                "--interval",
                SoakSettings.text(settings.interval()),
                "--no-tty",
                "--http",
                "off",
                "--output",
                "json",
                "--store",
                settings.store()));
    if (settings.store().equals("local")) {
      command.addAll(List.of("--data", dir.resolve("data").toString()));
    }
    Path stderr = dir.resolve("run.stderr.log");
    out.println("soak: " + String.join(" ", command).replace(root + "/", ""));
    Process fleet;
    try {
      fleet =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectError(stderr.toFile())
              .start();
    } catch (IOException e) {
      throw new SoakException("cannot start " + launcher, e);
    }
    Instant started = fleet.info().startInstant().orElse(Instant.now());
    Thread reader = Thread.ofPlatform().name("soak-rounds").start(() -> readRounds(fleet));
    List<ProcessSample> samples = new ArrayList<>();
    ClassHistogram afterWarmup = null;
    ClassHistogram atEnd = null;
    Instant stoppedAt;
    try {
      awaitStarted(fleet, stderr);
      ProcessSampler sampler =
          new ProcessSampler(fleet.pid(), Path.of(System.getProperty("java.home")), dir);
      sampler.attach();
      out.printf(
          Locale.ROOT,
          "soak: pid %d up after %.1f s; a sample every %s (heap after a forced full GC), rows"
              + " marked w are in the warm-up%n%n",
          fleet.pid(),
          Duration.between(started, Instant.now()).toMillis() / 1000.0,
          SoakSettings.text(settings.sample()));
      String[] table = SoakTable.render(List.of(), settings).split("\n");
      out.println(table[0]);
      Instant end = started.plus(settings.duration());
      for (Instant tick = nextTick(Instant.now()); !tick.isAfter(end); tick = nextTick(tick)) {
        sleepUntil(tick);
        if (!fleet.isAlive()) {
          throw new SoakException(
              "the fleet exited with " + fleet.exitValue() + " mid-soak:\n" + tail(stderr));
        }
        ProcessSample s;
        synchronized (rounds) {
          long last = rounds.isEmpty() ? -1 : rounds.get(rounds.size() - 1).took().toMillis();
          s = sampler.sample(started, true, rounds.size(), last);
        }
        samples.add(s);
        String[] rows = SoakTable.render(samples, settings).split("\n");
        out.println(rows[rows.length - 1]);
        boolean settled = !tick.isBefore(started.plus(settings.warmup()));
        if (settled && afterWarmup == null) {
          afterWarmup = sampler.histogram();
        } else if (settled && nextTick(tick).isAfter(end)) {
          atEnd = sampler.histogram();
        }
      }
      sleepUntil(end);
    } finally {
      stoppedAt = Instant.now();
      stop(fleet);
    }
    try {
      reader.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<ReportedRound> reported;
    synchronized (rounds) {
      reported = List.copyOf(rounds);
    }
    SoakReport report = SoakReport.judge(settings, samples, reported, stoppedAt, paths);
    write(dir.resolve("samples.csv"), SoakTable.csv(samples));
    write(dir.resolve("rounds.csv"), roundsCsv(reported));
    Path chart = dir.resolve("soak.png");
    SoakChart.write(
        chart, "probefleet run soak: " + settings.describe(), settings, samples, reported, started);
    out.println();
    out.printf(
        Locale.ROOT,
        "rounds: %d done (median %d ms, longest %d ms at a %s interval), %d paths per round"
            + " expected, %d failing path-probes in all%n",
        report.completed(),
        report.tookMedianMillis(),
        report.tookMaxMillis(),
        SoakSettings.text(settings.interval()),
        paths,
        report.failingPaths());
    out.printf(
        Locale.ROOT,
        "after the warm-up: fds %d..%d, threads %d..%d; fleet exit status %s after SIGTERM%n",
        report.fdRange()[0],
        report.fdRange()[1],
        report.threadRange()[0],
        report.threadRange()[1],
        fleet.isAlive() ? "(still running)" : Integer.toString(fleet.exitValue()));
    if (afterWarmup != null && atEnd != null) {
      out.println("live objects grown most from the end of the warm-up to the last sample:");
      atEnd.grownSince(afterWarmup, 8).forEach(g -> out.println("  " + g.describe()));
    }
    if (!unreadable.isEmpty()) {
      out.println(
          "run printed " + unreadable.size() + " line(s) that are no round: " + unreadable.get(0));
    }
    out.println(
        "files: "
            + Stream.of("samples.csv", "rounds.csv", "soak.png", "run.stderr.log", "targets.yaml")
                .map(f -> root.relativize(dir.resolve(f)).toString())
                .toList());
    out.println(report.verdictLine(settings));
    return report.passed();
  }

  /** The targets file for the lab's fleet, in the targets file's own YAML. */
  static String targetsYaml(List<Target> fleet) {
    StringBuilder yaml = new StringBuilder("targets:\n");
    for (Target t : fleet) {
      yaml.append("  - name: ").append(t.name()).append('\n');
      yaml.append("    expect: {status: [200], bodyContains: \"ok\"}\n");
      yaml.append("    paths:\n");
      t.cdn().ifPresent(p -> yaml.append("      cdn: ").append(path(p)).append('\n'));
      t.lb().ifPresent(p -> yaml.append("      lb: ").append(path(p)).append('\n'));
      for (PathSpec p : t.origins()) {
        yaml.append("      origin: ").append(path(p)).append('\n');
      }
    }
    return yaml.toString();
  }

  private static String path(PathSpec p) {
    return "{url: \""
        + p.url()
        + "\""
        + p.host().map(h -> ", host: \"" + h + "\"").orElse("")
        + "}";
  }

  private void readRounds(Process fleet) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        try {
          ReportedRound r = ReportedRound.parse(line);
          synchronized (rounds) {
            rounds.add(r);
          }
        } catch (RuntimeException e) {
          synchronized (rounds) {
            unreadable.add(line.length() > 200 ? line.substring(0, 200) + "…" : line);
          }
        }
      }
    } catch (IOException e) {
      // the process ended; what was read stays
    }
  }

  /** Waits for run's first line on stderr ({@code run: N target(s) …}): the JVM is up. */
  private static void awaitStarted(Process fleet, Path stderr) {
    Instant giveUp = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(giveUp)) {
      if (!fleet.isAlive()) {
        throw new SoakException(
            "the fleet exited with " + fleet.exitValue() + " at start:\n" + tail(stderr));
      }
      if (Files.exists(stderr)) {
        try (Stream<String> lines = Files.lines(stderr, StandardCharsets.UTF_8)) {
          if (lines.anyMatch(l -> l.startsWith("run: "))) {
            return;
          }
        } catch (IOException | java.io.UncheckedIOException e) {
          // not readable yet: look again
        }
      }
      sleepUntil(Instant.now().plusMillis(200));
    }
    throw new SoakException(
        "the fleet did not start within " + STARTUP_TIMEOUT + ":\n" + tail(stderr));
  }

  /** The next sampling moment after {@code after}: {@link #SAMPLE_PHASE} into a clock period. */
  private Instant nextTick(Instant after) {
    long period = settings.sample().toMillis();
    long phase = (long) (period * SAMPLE_PHASE);
    long ms = after.toEpochMilli();
    long tick = ms - Math.floorMod(ms, period) + phase;
    while (tick <= ms) {
      tick += period;
    }
    return Instant.ofEpochMilli(tick);
  }

  private void stop(Process fleet) {
    fleet.destroy(); // SIGTERM: the round in flight finishes, then the store closes
    try {
      long wait = settings.interval().toMillis() + 30_000;
      if (!fleet.waitFor(wait, TimeUnit.MILLISECONDS)) {
        out.println("soak: the fleet did not stop within " + wait + " ms of SIGTERM; killing it");
        fleet.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fleet.destroyForcibly();
    }
  }

  private static String roundsCsv(List<ReportedRound> rounds) {
    StringBuilder csv =
        new StringBuilder(
            "round,slot,started_at,took_ms,slow,skipped_slots,paths,failing,unprobed,failed\n");
    for (ReportedRound r :
        rounds.stream().sorted(Comparator.comparingInt(ReportedRound::number)).toList()) {
      csv.append(
          String.join(
                  ",",
                  Integer.toString(r.number()),
                  r.slot().toString(),
                  r.startedAt().map(Instant::toString).orElse(""),
                  Long.toString(r.took().toMillis()),
                  Boolean.toString(r.slow()),
                  Integer.toString(r.skippedSlots()),
                  Integer.toString(r.paths()),
                  Integer.toString(r.failing()),
                  Integer.toString(r.unprobed()),
                  r.failure().map(f -> "\"" + f.replace("\"", "'") + "\"").orElse(""))
              + "\n");
    }
    return csv.toString();
  }

  /** Empties the soak's own files (and the local store's data) from an earlier run. */
  private static void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      Path data = dir.resolve("data");
      if (Files.isDirectory(data)) {
        try (Stream<Path> walk = Files.walk(data)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new SoakException("cannot prepare " + dir, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SoakException("cannot write " + file, e);
    }
  }

  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }

  private static void sleepUntil(Instant when) {
    long ms = Duration.between(Instant.now(), when).toMillis();
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SoakException("interrupted", e);
      }
    }
  }
}
