package dev.probefleet.probe.bench;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.pki.Pem;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS case of the benchmark (issue 16): {@code bin/probefleet diagnose}, the CLI as users run
 * it, probing 1,000 targets × 3 HTTPS paths of a Go TLS loopback server that answers after 100 ms,
 * side by side with blackbox_exporter on the same server. Every probe makes a fresh connection and
 * a full handshake against a certificate of a CA minted for the run (ECDSA P-256), given as {@code
 * caFile}.
 *
 * <ul>
 *   <li><b>Fresh process:</b> {@code freshRuns} runs of {@code --rounds 1}, each a new process: its
 *       CPU (user + system of the child, from this process's {@code cutime + cstime} around its
 *       run), wall time, every target's verdict (on a healthy server anything but {@code NONE} is a
 *       false failure; {@code INCONCLUSIVE} is also counted alone), every path's {@code tls} phase,
 *       and the stderr lines about paths not probed or an overloaded prober.
 *   <li><b>Steady state:</b> one run of {@code --rounds 3 --interval 20s}; its CPU minus the median
 *       CPU of the fresh runs, halved, is the CPU of one later round.
 *   <li><b>Lone probe:</b> one target with only its {@code lb} path, {@code --rounds 11 --interval
 *       1s}. diagnose's JSON carries the paths of the latest round only, so a run gives one sample,
 *       its eleventh round's {@code tls}, after ten rounds that warmed the process up; the median
 *       over {@code loneRuns} runs is the lone figure.
 *   <li><b>{@code probefleet run}:</b> the whole fleet in one process on the same targets file,
 *       with its default store (DynamoDB Local in a fresh data directory) and with {@code --store
 *       memory}: one process of {@code --rounds 1} and one of {@code --rounds 3 --interval 20s}
 *       each; their CPU difference, halved, is a later round's CPU, everything included (probing,
 *       the round's writes, the analysis, the store). The prober's own CPU is what each round line
 *       reports as {@code prober.cpu_ms}: the process's CPU while that round's probes ran.
 *   <li><b>blackbox_exporter:</b> the same URLs through its {@code /probe} endpoint, at most 256 at
 *       once, three rounds in one exporter process: the first is its fresh round, the third its
 *       steady state; its CPU from {@code /proc/<pid>/stat} around each round, and each answer's
 *       {@code probe_http_duration_seconds{phase="tls"}}.
 * </ul>
 *
 * <p>Figures are printed, never judged: the issue's goals are stated beside them.
 */
final class HttpsBenchmark {
  static final int FIRST_BYTE_DELAY_MS = 100;
  static final int PATHS_PER_TARGET = 3;
  static final int STEADY_ROUNDS = 3;
  static final String STEADY_INTERVAL = "20s";
  static final int LONE_ROUNDS = 11;
  static final String LONE_INTERVAL = "1s";
  static final int BLACKBOX_CONCURRENCY = 256;
  static final int BLACKBOX_ROUNDS = 3;

  /** {@code probefleet run}'s stores measured: its default (DynamoDB Local) and in memory. */
  static final List<String> RUN_STORES = List.of("local", "memory");

  /**
   * The sizes of a run ({@code make bench BENCH_ARGS="only=https targets=50 freshRuns=2"}).
   *
   * @param targets targets in the fleet, each with a cdn, an lb and an origin path
   * @param freshRuns fresh processes of one round each
   * @param loneRuns runs of the lone probe
   */
  record Settings(int targets, int freshRuns, int loneRuns) {
    static final Settings DEFAULT = new Settings(1000, 20, 5);

    Settings {
      if (targets < 1 || freshRuns < 1 || loneRuns < 1) {
        throw new IllegalArgumentException(
            "targets, freshRuns and loneRuns must be at least 1, got "
                + targets
                + ", "
                + freshRuns
                + ", "
                + loneRuns);
      }
    }

    int probes() {
      return targets * PATHS_PER_TARGET;
    }
  }

  /**
   * One {@code bin/probefleet diagnose} process.
   *
   * @param exit its exit status (-1 when it was killed)
   * @param wallNanos start to exit
   * @param cpuNanos user + system CPU of the process and whatever it ran
   * @param outcome what its output said, or null when it printed no diagnose document
   * @param problem why there is no outcome, or null
   */
  record DiagnoseRun(
      int exit, long wallNanos, long cpuNanos, DiagnoseOutcome outcome, String problem) {
    int falseFailures(int targets) {
      return outcome == null ? targets : outcome.falseFailures(targets);
    }
  }

  /**
   * One {@code bin/probefleet run} process.
   *
   * @param store its {@code --store}
   * @param rounds its {@code --rounds}
   * @param exit its exit status (-1 when it was killed)
   * @param wallNanos start to exit
   * @param cpuNanos user + system CPU of the process
   * @param outcome its round lines, or null
   * @param problem why there is no outcome, or null
   */
  record FleetRun(
      String store,
      int rounds,
      int exit,
      long wallNanos,
      long cpuNanos,
      RunOutcome outcome,
      String problem) {}

  /** One blackbox_exporter round: its CPU and wall time and the answers. */
  record ExporterRound(long wallNanos, long cpuNanos, BlackboxExporter.Answers answers) {}

  private final Settings settings;
  private final PrintStream out;
  private final Path launcher;
  private final Path work;

  private HttpsBenchmark(Settings settings, PrintStream out, Path launcher, Path work) {
    this.settings = settings;
    this.out = out;
    this.launcher = launcher;
    this.work = work;
  }

  /** Runs the case and prints its table; returns its last line, which the caller prints last. */
  static String run(Settings settings, PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "4. HTTPS: %,d probes per round (%,d targets x 3 HTTPS paths: cdn and lb at localhost with"
            + " resolve 127.0.0.1, origin at 127.0.0.1), every answer after %d ms; a fresh"
            + " connection and a full handshake per probe%n",
        settings.probes(),
        settings.targets(),
        FIRST_BYTE_DELAY_MS);
    Path root =
        Path.of(System.getProperty("probefleet.root", "../..")).toAbsolutePath().normalize();
    Path launcher = root.resolve("bin/probefleet");
    Path jar = root.resolve("functions/cli/target/probefleet-cli.jar");
    if (!Files.isExecutable(launcher) || !Files.isRegularFile(jar)) {
      String reason = "no " + (Files.isExecutable(launcher) ? jar : launcher) + " (make cli)";
      out.println("   skipped: " + reason);
      return "https probes: skipped: " + reason;
    }
    GoTtfb.Build go =
        GoTtfb.build(
            Path.of(System.getProperty("probefleet.bench.go", "src/test/go")),
            Path.of(System.getProperty("probefleet.bench.target", "target"), "bench-go"));
    if (go.tools() == null) {
      out.println("   skipped: " + go.skipped());
      return "https probes: skipped: " + go.skipped();
    }
    Path work = Files.createTempDirectory("probefleet-bench-https");
    try {
      return new HttpsBenchmark(settings, out, launcher, work).measure(go.tools(), jar);
    } finally {
      deleteTree(work);
    }
  }

  private String measure(GoTtfb go, Path jar) throws Exception {
    Path ca = work.resolve("ca.pem");
    Path chain = work.resolve("server-chain.pem");
    Path key = work.resolve("server-key.pem");
    CertificateAuthority authority = CertificateAuthority.create("probefleet bench HTTPS CA");
    IssuedCertificate server = authority.issue("localhost", "127.0.0.1");
    Files.writeString(ca, authority.certificatePem());
    Files.writeString(chain, server.chainPem());
    Files.writeString(key, Pem.privateKey(server.privateKey()));

    Optional<Path> blackbox =
        BlackboxExporter.binaryOrInstall(s -> out.println("   blackbox: " + s));
    String blackboxLabel =
        blackbox.isPresent()
            ? "blackbox_exporter " + BlackboxExporter.version(blackbox.get())
            : "blackbox_exporter";
    if (blackbox.isEmpty()) {
      out.println("   blackbox_exporter missing: probefleet's figures alone");
    }
    out.println(
        "   server:  ttfbserver -tls (src/test/go, "
            + go.version()
            + "), certificate for localhost + 127.0.0.1 from a CA minted for this run (ECDSA P-256,"
            + " the lab's PKI), keep-alives off");
    out.println(
        "   probefleet: "
            + launcher
            + " diagnose --config F --rounds N --output json (jar "
            + String.format(Locale.ROOT, "%.1f MiB", Files.size(jar) / 1048576.0)
            + ", the launcher's own JVM flags"
            + Optional.ofNullable(System.getenv("PROBEFLEET_JAVA_OPTS"))
                .map(o -> ", PROBEFLEET_JAVA_OPTS=" + o)
                .orElse("")
            + "); each run a fresh process; CPU = user+sys of the process (its cutime+cstime here)");
    out.println(
        "   "
            + blackboxLabel
            + ": GET /probe?module="
            + BlackboxExporter.HTTPS_MODULE
            + " (tls_config.ca_file, ip4) for the same URLs, at most "
            + BLACKBOX_CONCURRENCY
            + " in flight, "
            + BLACKBOX_ROUNDS
            + " rounds in one process; CPU from its /proc/<pid>/stat");
    out.println(
        "   goals (issue 16): CPU/probe <= blackbox's; 0 false failures in 20 fresh first rounds;"
            + " tls median <= 2x a lone probe's, p99 <= 5x");
    out.println("   load before the runs: " + ProcessStats.loadAverage() + "\n");

    ProbeBenchmark.Share start = ProbeBenchmark.Share.now();
    List<DiagnoseRun> fresh = new ArrayList<>();
    DiagnoseRun steady;
    List<Double> lone = new ArrayList<>();
    List<ExporterRound> exporterRounds = new ArrayList<>();
    List<FleetRun> fleetRuns = new ArrayList<>();
    List<ExporterRound> spreadRounds = new ArrayList<>();
    String exporterProblem = null;
    try (GoTtfb.Server tls =
        go.startServer(List.of("-tls", "-cert", chain.toString(), "-key", key.toString()))) {
      Path fleet = writeTargets(work.resolve("targets.yaml"), tls.port(), ca, settings.targets());
      Path loneFleet = writeLone(work.resolve("lone.yaml"), tls.port(), ca);

      out.printf(
          "%-7s %7s %7s %11s %6s %7s %10s %10s %9s %9s %5s  %s%n",
          "run",
          "wall s",
          "CPU s",
          "NONE",
          "false",
          "inconc",
          "not probed",
          "overloaded",
          "tls med",
          "tls p99",
          "exit",
          "other verdicts / problem");
      out.println("-".repeat(130));
      for (int i = 1; i <= settings.freshRuns(); i++) {
        DiagnoseRun run = diagnose(fleet, 1, null, Duration.ofMinutes(3));
        fresh.add(run);
        printRun("fresh " + i, run);
      }
      steady = diagnose(fleet, STEADY_ROUNDS, STEADY_INTERVAL, Duration.ofMinutes(5));
      printRun("steady", steady);
      for (int i = 1; i <= settings.loneRuns(); i++) {
        DiagnoseRun run = diagnose(loneFleet, LONE_ROUNDS, LONE_INTERVAL, Duration.ofMinutes(2));
        if (run.outcome() != null && run.outcome().tlsMs().size() == 1) {
          lone.add(run.outcome().tlsMs().get(0));
        }
        printRun("lone " + i, run);
      }
      for (String store : RUN_STORES) {
        for (int rounds : new int[] {1, STEADY_ROUNDS}) {
          FleetRun run = fleetRun(fleet, store, rounds, Duration.ofMinutes(rounds == 1 ? 3 : 5));
          fleetRuns.add(run);
          printFleetRun(run);
        }
      }
      out.println("-".repeat(130));

      if (blackbox.isPresent()) {
        List<URI> urls = urls(tls.port(), settings.targets());
        try (BlackboxExporter exporter = BlackboxExporter.start(blackbox.get(), ca)) {
          // Three rounds at once (its fresh round, then its steady state: the headline figure),
          // then three spread as probefleet spreads a round (and Prometheus its scrapes).
          for (int i = 0; i < 2 * BLACKBOX_ROUNDS; i++) {
            Duration spread = i < BLACKBOX_ROUNDS ? Duration.ZERO : spreadWindow();
            long cpu = ProcessStats.cpuNanos(exporter.pid());
            long started = System.nanoTime();
            BlackboxExporter.Answers answers =
                exporter.probeAll(
                    urls, BLACKBOX_CONCURRENCY, BlackboxExporter.HTTPS_MODULE, spread);
            (i < BLACKBOX_ROUNDS ? exporterRounds : spreadRounds)
                .add(
                    new ExporterRound(
                        System.nanoTime() - started,
                        ProcessStats.cpuNanos(exporter.pid()) - cpu,
                        answers));
          }
        } catch (RuntimeException e) {
          exporterProblem = "could not run: " + e;
        }
      }
    }
    String share = ProbeBenchmark.Share.now().since(start);
    return table(
        fresh,
        steady,
        fleetRuns,
        lone,
        blackboxLabel,
        blackbox.isPresent(),
        exporterRounds,
        spreadRounds,
        exporterProblem,
        share);
  }

  /**
   * The window probefleet's spread plans for this round on this machine ({@code
   * ProbeClient.spreadFor}): 1 ms of CPU per HTTPS probe at a quarter of the CPUs — 6 s for 3,000
   * probes on 2 cores.
   */
  private Duration spreadWindow() {
    return Duration.ofMillis(
        (long) (settings.probes() * 1.0 / (Runtime.getRuntime().availableProcessors() * 0.25)));
  }

  private String table(
      List<DiagnoseRun> fresh,
      DiagnoseRun steady,
      List<FleetRun> fleetRuns,
      List<Double> lone,
      String blackboxLabel,
      boolean blackboxPresent,
      List<ExporterRound> exporterRounds,
      List<ExporterRound> spreadRounds,
      String exporterProblem,
      String share) {
    int targets = settings.targets();
    int probes = settings.probes();
    Samples freshCpu = Samples.of(fresh.stream().map(r -> r.cpuNanos() / 1e9).toList());
    Samples freshWall = Samples.of(fresh.stream().map(r -> r.wallNanos() / 1e9).toList());
    List<Double> freshTlsAll = new ArrayList<>();
    int falseFailures = 0;
    int inconclusive = 0;
    int notProbed = 0;
    int overloaded = 0;
    for (DiagnoseRun run : fresh) {
      falseFailures += run.falseFailures(targets);
      if (run.outcome() != null) {
        freshTlsAll.addAll(run.outcome().tlsMs());
        inconclusive += run.outcome().inconclusive();
        notProbed += run.outcome().notProbedLines();
        overloaded += Math.max(run.outcome().overloadedLines(), run.outcome().overloadedPaths());
      }
    }
    Samples freshTls = Samples.of(freshTlsAll);
    double steadyRoundCpuS = (steady.cpuNanos() / 1e9 - freshCpu.median()) / (STEADY_ROUNDS - 1);
    double cpuMsPerProbe = steadyRoundCpuS * 1000 / probes;
    Samples steadyTls = Samples.of(steady.outcome() == null ? List.of() : steady.outcome().tlsMs());
    Samples loneTls = Samples.of(lone);

    out.println();
    out.printf(
        "%-30s %-36s %-26s %-15s %-12s %9s %9s  %s%n",
        "row", "CPU", "wall", "false failures", "inconclusive", "tls med", "tls p99", "notes");
    out.println("-".repeat(164));
    out.printf(
        Locale.ROOT,
        "%-30s %-36s %-26s %-15s %-12d %9.1f %9.1f  %s%n",
        "probefleet fresh (rounds=1)",
        String.format(Locale.ROOT, "median %.2f s, max %.2f s", freshCpu.median(), freshCpu.max()),
        String.format(Locale.ROOT, "med %.2f s, max %.2f s", freshWall.median(), freshWall.max()),
        falseFailures + "/" + ((long) fresh.size() * targets),
        inconclusive,
        freshTls.median(),
        freshTls.p99(),
        String.format(
            Locale.ROOT,
            "%d runs; %,d tls samples; stderr: %d paths not probed, %d overloaded",
            fresh.size(),
            freshTls.count(),
            notProbed,
            overloaded));
    out.printf(
        Locale.ROOT,
        "%-30s %-36s %-26s %-15s %-12s %9.1f %9.1f  %s%n",
        "probefleet steady (rounds=3)",
        String.format(Locale.ROOT, "%.2f s/round = %.3f ms/probe", steadyRoundCpuS, cpuMsPerProbe),
        String.format(Locale.ROOT, "%.2f s (3 rounds)", steady.wallNanos() / 1e9),
        steady.falseFailures(targets) + "/" + targets,
        steady.outcome() == null ? "-" : String.valueOf(steady.outcome().inconclusive()),
        steadyTls.median(),
        steadyTls.p99(),
        String.format(
            Locale.ROOT,
            "(CPU %.2f s - median fresh %.2f s) / 2; tls of its 3rd round (diagnose's JSON holds"
                + " the latest round's paths); verdict over 3 rounds",
            steady.cpuNanos() / 1e9,
            freshCpu.median()));
    OptionalDouble blackboxCpuMsPerProbe = OptionalDouble.empty();
    if (!blackboxPresent) {
      out.printf("%-30s %s%n", "blackbox_exporter", "MISSING (not installed, could not install)");
    } else if (exporterProblem != null || exporterRounds.isEmpty()) {
      out.printf("%-30s %s%n", blackboxLabel, "SKIPPED: " + exporterProblem);
    } else {
      for (int i = 0; i < exporterRounds.size(); i++) {
        ExporterRound r = exporterRounds.get(i);
        if (i != 0 && i != exporterRounds.size() - 1) {
          continue;
        }
        boolean first = i == 0;
        printExporterRow(
            "blackbox " + (first ? "fresh (round 1)" : "steady (round " + (i + 1) + ")"),
            r,
            first ? blackboxLabel + ", a fresh exporter process" : "a later round");
      }
      ExporterRound last = exporterRounds.get(exporterRounds.size() - 1);
      blackboxCpuMsPerProbe = OptionalDouble.of(last.cpuNanos() / 1e6 / probes);
      if (!spreadRounds.isEmpty()) {
        printExporterRow(
            "blackbox spread (round " + (exporterRounds.size() + spreadRounds.size()) + ")",
            spreadRounds.get(spreadRounds.size() - 1),
            String.format(
                Locale.ROOT,
                "the probes started evenly over %.1f s, the window probefleet spreads this round"
                    + " over on these CPUs (as Prometheus spreads scrapes): for comparison, not the"
                    + " headline",
                spreadWindow().toMillis() / 1000.0));
      }
    }
    out.printf(
        Locale.ROOT,
        "%-30s %-36s %-26s %-15s %-12s %9.1f %9.1f  %s%n",
        "lone probe (1 target, lb)",
        "-",
        "-",
        "-",
        "-",
        loneTls.median(),
        loneTls.p99(),
        String.format(
            Locale.ROOT,
            "%d of %d runs of --rounds %d --interval %s gave a sample: their latest round's tls",
            loneTls.count(),
            settings.loneRuns(),
            LONE_ROUNDS,
            LONE_INTERVAL));
    String runLine = fleetRunRows(fleetRuns, blackboxCpuMsPerProbe);
    out.println("-".repeat(164));
    out.printf(
        Locale.ROOT,
        "   fresh tls / lone median: median %s, p99 %s (goals: <= 2x, <= 5x); false failures count every"
            + " target whose verdict is not NONE%n",
        times(freshTls.median(), loneTls.median()),
        times(freshTls.p99(), loneTls.median()));
    out.println("   " + share);
    out.println();
    out.println(runLine);
    return new HttpsSummary(
            cpuMsPerProbe,
            blackboxCpuMsPerProbe,
            falseFailures,
            fresh.size(),
            targets,
            freshTls.median(),
            loneTls.median())
        .line();
  }

  /**
   * The {@code run} rows of the table, one per store: a later round's CPU per probe, the whole
   * process and its prober alone. Returns the line that sums them up.
   */
  private String fleetRunRows(List<FleetRun> runs, OptionalDouble blackbox) {
    int targets = settings.targets();
    int probes = settings.probes();
    List<String> parts = new ArrayList<>();
    for (String store : RUN_STORES) {
      FleetRun one = find(runs, store, 1);
      FleetRun three = find(runs, store, STEADY_ROUNDS);
      if (one == null || three == null || one.outcome() == null || three.outcome() == null) {
        out.printf(
            "%-30s %s%n",
            "run --store " + store,
            "no figures: "
                + (one == null || one.outcome() == null
                    ? one == null ? "not run" : one.problem()
                    : three == null ? "not run" : three.problem()));
        parts.add("--store " + store + " no figures");
        continue;
      }
      double roundCpuS = (three.cpuNanos() - one.cpuNanos()) / 1e9 / (STEADY_ROUNDS - 1);
      double wholeMs = roundCpuS * 1000 / probes;
      double proberMs = three.outcome().laterProberMsPerProbe();
      int falseFailures = one.outcome().notNone() + three.outcome().notNone();
      out.printf(
          Locale.ROOT,
          "%-30s %-36s %-26s %-15s %-12s %9s %9s  %s%n",
          "run --store " + store + " steady",
          String.format(Locale.ROOT, "%.2f s/round = %.3f ms/probe", roundCpuS, wholeMs),
          String.format(
              Locale.ROOT,
              "%.2f s (1), %.2f s (3)",
              one.wallNanos() / 1e9,
              three.wallNanos() / 1e9),
          falseFailures + "/" + (targets * (1 + STEADY_ROUNDS)),
          "-",
          "-",
          "-",
          String.format(
              Locale.ROOT,
              "(CPU %.2f s - %.2f s) / 2, the whole process; its prober %.3f ms/probe (rounds 2-3,"
                  + " prober.cpu_ms); %d failing, %d unprobed, %d overloaded paths",
              three.cpuNanos() / 1e9,
              one.cpuNanos() / 1e9,
              proberMs,
              one.outcome().failing() + three.outcome().failing(),
              one.outcome().unprobed() + three.outcome().unprobed(),
              one.outcome().overloaded() + three.outcome().overloaded()));
      parts.add(
          String.format(
              Locale.ROOT,
              "--store %s %.2f CPU-ms/probe (prober %.2f%s)",
              store,
              wholeMs,
              proberMs,
              blackbox.isPresent()
                  ? String.format(
                      Locale.ROOT, ", %.2fx blackbox", proberMs / blackbox.getAsDouble())
                  : ""));
    }
    return "run probes: "
        + String.join("; ", parts)
        + (blackbox.isPresent()
            ? String.format(Locale.ROOT, "; blackbox %.2f", blackbox.getAsDouble())
            : "; blackbox missing");
  }

  private static FleetRun find(List<FleetRun> runs, String store, int rounds) {
    return runs.stream()
        .filter(r -> r.store().equals(store) && r.rounds() == rounds)
        .findFirst()
        .orElse(null);
  }

  /** One blackbox_exporter round's row of the table; its failures, if any, lead the note. */
  private void printExporterRow(String label, ExporterRound r, String note) {
    int probes = settings.probes();
    Samples tls = Samples.of(r.answers().tlsMs());
    out.printf(
        Locale.ROOT,
        "%-30s %-36s %-26s %-15s %-12s %9.1f %9.1f  %s%n",
        label,
        String.format(
            Locale.ROOT,
            "%.2f s/round = %.3f ms/probe",
            r.cpuNanos() / 1e9,
            r.cpuNanos() / 1e6 / probes),
        String.format(Locale.ROOT, "%.2f s", r.wallNanos() / 1e9),
        (probes - r.answers().ok()) + "/" + probes + " probes",
        "-",
        tls.median(),
        tls.p99(),
        (r.answers().failures().isEmpty()
                ? ""
                : "failures " + ChildJvm.describe(r.answers().failures()) + "; ")
            + note);
  }

  /** A run's line when it printed nothing to count: its times, exit status and why. */
  private void printProblem(String label, long wallNanos, long cpuNanos, int exit, String problem) {
    out.printf(
        Locale.ROOT,
        "%-7s %7.2f %7.2f %11s %6s %7s %10s %10s %9s %9s %5d  %s%n",
        label,
        wallNanos / 1e9,
        cpuNanos / 1e9,
        "-",
        "-",
        "-",
        "-",
        "-",
        "-",
        "-",
        exit,
        problem);
  }

  private void printFleetRun(FleetRun run) {
    String label = "run " + run.store() + " " + run.rounds();
    if (run.outcome() == null) {
      printProblem(label, run.wallNanos(), run.cpuNanos(), run.exit(), run.problem());
      return;
    }
    RunOutcome o = run.outcome();
    int targetsSeen = settings.targets() * o.rounds().size();
    out.printf(
        Locale.ROOT,
        "%-7s %7.2f %7.2f %11s %6d %7s %10d %10d %9s %9s %5d  %s%n",
        label,
        run.wallNanos() / 1e9,
        run.cpuNanos() / 1e9,
        (targetsSeen - o.notNone()) + "/" + targetsSeen,
        o.notNone(),
        "-",
        o.unprobed(),
        o.overloaded(),
        "-",
        "-",
        run.exit(),
        String.format(
            Locale.ROOT,
            "prober CPU per round: %s ms",
            o.rounds().stream().map(r -> String.valueOf(r.proberCpuMs())).toList()));
  }

  /** Runs {@code bin/probefleet run} to its end (or kills it after {@code bound}). */
  private FleetRun fleetRun(Path config, String store, int rounds, Duration bound)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                launcher.toString(),
                "run",
                "--config",
                config.toString(),
                "--rounds",
                String.valueOf(rounds),
                "--interval",
                STEADY_INTERVAL,
                "--output",
                "json",
                "--http",
                "off",
                "--store",
                store));
    if (store.equals("local")) {
      command.addAll(List.of("--data", Files.createTempDirectory(work, "run-data").toString()));
    }
    Launched run = launch(command, "run", bound);
    if (!run.ended()) {
      return new FleetRun(
          store,
          rounds,
          -1,
          run.wallNanos(),
          run.cpuNanos(),
          null,
          "killed after " + bound.toSeconds() + " s");
    }
    try {
      return new FleetRun(
          store,
          rounds,
          run.exit(),
          run.wallNanos(),
          run.cpuNanos(),
          RunOutcome.parse(run.stdout()),
          null);
    } catch (IllegalArgumentException e) {
      return new FleetRun(
          store,
          rounds,
          run.exit(),
          run.wallNanos(),
          run.cpuNanos(),
          null,
          e.getMessage() + "; stderr: " + run.lastStderrLine());
    }
  }

  private static String times(double value, double base) {
    double ratio = value / base;
    return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.1fx", ratio) : "n/a";
  }

  private void printRun(String label, DiagnoseRun run) {
    DiagnoseOutcome o = run.outcome();
    if (o == null) {
      printProblem(
          label.replace("fresh ", ""), run.wallNanos(), run.cpuNanos(), run.exit(), run.problem());
      return;
    }
    Samples tls = Samples.of(o.tlsMs());
    out.printf(
        Locale.ROOT,
        "%-7s %7.2f %7.2f %11s %6d %7d %10d %10d %9.1f %9.1f %5d  %s%n",
        label.replace("fresh ", ""),
        run.wallNanos() / 1e9,
        run.cpuNanos() / 1e9,
        o.none() + "/" + o.targets(),
        run.falseFailures(o.targets()),
        o.inconclusive(),
        o.notProbedLines(),
        Math.max(o.overloadedLines(), o.overloadedPaths()),
        tls.median(),
        tls.p99(),
        run.exit(),
        o.describeOtherVerdicts()
            + (o.pathsWithoutTls() == 0 ? "" : "; " + o.pathsWithoutTls() + " paths without tls")
            + (o.otherStderr().isEmpty()
                ? ""
                : "; stderr: " + String.join(" | ", o.otherStderr())));
  }

  /** Runs {@code bin/probefleet diagnose} to its end (or kills it after {@code bound}). */
  private DiagnoseRun diagnose(Path config, int rounds, String interval, Duration bound)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            launcher.toString(),
            "diagnose",
            "--config",
            config.toString(),
            "--rounds",
            String.valueOf(rounds)));
    if (interval != null) {
      command.addAll(List.of("--interval", interval));
    }
    command.addAll(List.of("--output", "json"));
    Launched run = launch(command, "diagnose", bound);
    if (!run.ended()) {
      return new DiagnoseRun(
          -1, run.wallNanos(), run.cpuNanos(), null, "killed after " + bound.toSeconds() + " s");
    }
    try {
      return new DiagnoseRun(
          run.exit(),
          run.wallNanos(),
          run.cpuNanos(),
          DiagnoseOutcome.parse(run.stdout(), run.stderr()),
          null);
    } catch (IllegalArgumentException e) {
      return new DiagnoseRun(
          run.exit(),
          run.wallNanos(),
          run.cpuNanos(),
          null,
          e.getMessage() + "; stderr: " + run.lastStderrLine());
    }
  }

  /**
   * A finished {@code bin/probefleet} process.
   *
   * @param ended false when it was killed at its bound
   * @param exit its exit status
   * @param wallNanos start to exit
   * @param cpuNanos user + system CPU of the process and whatever it ran (this process's {@code
   *     cutime + cstime} around it)
   * @param stdout what it printed
   * @param stderr what it printed on stderr
   */
  private record Launched(
      boolean ended, int exit, long wallNanos, long cpuNanos, String stdout, String stderr) {
    String lastStderrLine() {
      return stderr.strip().lines().reduce((a, b) -> b).orElse("");
    }
  }

  /** Runs a command to its end, or kills it after {@code bound}; its output goes to files. */
  private Launched launch(List<String> command, String name, Duration bound)
      throws IOException, InterruptedException {
    Path stdout = work.resolve(name + ".out");
    Path stderr = work.resolve(name + ".err");
    long cpu = ProcessStats.reapedChildrenCpuNanos();
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    boolean ended = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      process.destroyForcibly();
      process.waitFor();
    }
    long wall = System.nanoTime() - started;
    long cpuUsed = ProcessStats.reapedChildrenCpuNanos() - cpu;
    return new Launched(
        ended,
        ended ? process.exitValue() : -1,
        wall,
        cpuUsed,
        Files.readString(stdout),
        Files.readString(stderr));
  }

  /** The targets file: {@code t0000 … t0999}, each with a cdn, an lb and an origin path. */
  static Path writeTargets(Path file, int port, Path ca, int targets) throws IOException {
    StringBuilder yaml = new StringBuilder("targets:\n");
    for (int i = 0; i < targets; i++) {
      String name = name(i);
      yaml.append("  - name: ").append(name).append("\n    paths:\n");
      yaml.append("      cdn: ").append(path(cdnUrl(port, i), true, ca)).append('\n');
      yaml.append("      lb: ").append(path(lbUrl(port, i), true, ca)).append('\n');
      yaml.append("      origin: ").append(path(originUrl(port, i), false, ca)).append('\n');
    }
    return Files.writeString(file, yaml);
  }

  /** One target with only its {@code lb} path: the lone probe. */
  static Path writeLone(Path file, int port, Path ca) throws IOException {
    return Files.writeString(
        file,
        "targets:\n  - name: lone\n    paths:\n      lb: "
            + path(lbUrl(port, 0).replace("/t0000/", "/lone/"), true, ca)
            + "\n");
  }

  /** The URLs of every path, in target order: what blackbox_exporter probes. */
  static List<URI> urls(int port, int targets) {
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      urls.add(URI.create(cdnUrl(port, i)));
      urls.add(URI.create(lbUrl(port, i)));
      urls.add(URI.create(originUrl(port, i)));
    }
    return urls;
  }

  private static String path(String url, boolean resolve, Path ca) {
    return "{url: \""
        + url
        + "\""
        + (resolve ? ", resolve: 127.0.0.1" : "")
        + ", caFile: \""
        + ca.toAbsolutePath()
        + "\"}";
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "t%04d", i);
  }

  private static String cdnUrl(int port, int i) {
    return "https://localhost:" + port + "/delay/" + FIRST_BYTE_DELAY_MS + "/" + name(i) + "/cdn";
  }

  private static String lbUrl(int port, int i) {
    return "https://localhost:" + port + "/delay/" + FIRST_BYTE_DELAY_MS + "/" + name(i) + "/lb";
  }

  private static String originUrl(int port, int i) {
    return "https://127.0.0.1:"
        + port
        + "/delay/"
        + FIRST_BYTE_DELAY_MS
        + "/"
        + name(i)
        + "/origin";
  }

  private static void deleteTree(Path directory) {
    try (var files = Files.walk(directory)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
