package dev.probefleet.probe.bench;

import static java.util.stream.Collectors.joining;

import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.probe.ProbeClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The probe client's benchmark (issue 4), printed as two tables with the targets beside the
 * figures. A missed target prints {@code MISS}; the exit status is 0 whatever the figures.
 *
 * <ol>
 *   <li><b>Throughput.</b> 3,000 probes (1,000 targets × 3 paths) against a lab server in this JVM
 *       that answers after 100 ms, at the probe client's default bound, by three contenders: the
 *       probe client's {@code round}, {@code HttpClient.sendAsync} under a semaphore of the same
 *       bound (each in its own child JVM, same flags), and blackbox_exporter (its own process,
 *       driven from this JVM). Each contender runs a cold round, then a warm one; the targets are
 *       judged on the warm round, as a Lambda container serves most invocations warm, and peak RSS
 *       on the whole process.
 *   <li><b>Timing accuracy.</b> 50 sequential probes per injected first-byte delay (20, 100, 300
 *       ms) and client — the probe client's {@code probe} (platform thread) and {@code round}
 *       (virtual thread) in a child JVM, and curl — interleaved probe by probe against the same
 *       server: median and p99 of |ttfb − delay|.
 *   <li><b>Fresh-process ttfb.</b> 90 probes at once (first-byte delays 20, 100 and 300 ms, 30
 *       each), one round per fresh process, against a Go loopback server: the probe client's {@code
 *       round} in a new child JVM, un-primed and after {@link ProbeClient#prime()}, and Go's
 *       net/http timed with httptrace (blackbox_exporter's engine) in a new process, over several
 *       repetitions: median and p99 of |ttfb − delay|. Skipped when no Go toolchain is found.
 *   <li><b>HTTPS</b> (issue 16, {@link HttpsBenchmark}): {@code bin/probefleet diagnose} against a
 *       Go TLS server, 1,000 targets × 3 HTTPS paths, fresh-process first rounds, the steady state
 *       and a lone probe, beside blackbox_exporter. Its summary line is the run's last line.
 * </ol>
 *
 * <p>Arguments ({@code make bench BENCH_ARGS="..."}): {@code only=throughput|accuracy|fresh|https}
 * runs one section; {@code reps=N} sets the fresh-process repetitions (default {@value
 * #FRESH_REPETITIONS}); {@code targets=N}, {@code freshRuns=N} and {@code loneRuns=N} size the
 * HTTPS case (default 1,000 targets, 20 fresh runs, 5 lone runs).
 */
public final class ProbeBenchmark {
  static final Path CURL = Path.of("/usr/bin/curl");
  static final String PROBEFLEET = "probefleet ProbeClient.round";
  static final String PROBE = "probefleet probe()";
  static final String ROUND = "probefleet round()";
  static final String CURL_CLIENT = "curl";
  static final List<Integer> DELAYS_MS = List.of(20, 100, 300);
  static final int ACCURACY_PROBES = 50;

  /**
   * Untimed probes per client before the timed ones. A fresh JVM runs the few hundred first probes
   * partly interpreted, which adds some 0.03–0.1 ms to the measured wait on this machine; a probe
   * fleet's JVM is long past that after its first round.
   */
  static final int ACCURACY_WARMUP = 500;

  /** Fresh processes per contender in the fresh-process ttfb case. */
  static final int FRESH_REPETITIONS = 5;

  /** The fresh-process target: the primed probe client's p99 at most Go's p99 plus this. */
  static final double FRESH_P99_MARGIN_MS = 1.0;

  static final double MEDIAN_TARGET_MS = 1.0;
  static final double P99_TARGET_MS = 5.0;
  static final long RSS_TARGET_MIB = 512;

  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private ProbeBenchmark() {}

  /** One round of one contender. */
  record Round(long wallNanos, long cpuNanos, int ok, String failures) {}

  /** One contender's figures; {@code skipped} holds the reason when it could not run. */
  record Row(
      String contender,
      String how,
      Round cold,
      Round warm,
      long peakRssKib,
      long processCpuNanos,
      String processNote,
      String parentRole,
      long parentCpuNanos,
      int serverRequests,
      int serverPeakInFlight,
      String skipped) {

    static Row skipped(String contender, String reason) {
      return new Row(contender, "", null, null, 0, 0, "", "", 0, 0, 0, reason);
    }
  }

  /**
   * Where the machine's CPU went during a section: to this benchmark's processes, or to others (a
   * build running alongside shows here, where the load average would count the benchmark itself).
   */
  record Share(long wallNanos, long machineBusyNanos, long oursNanos) {
    static Share now() {
      return new Share(
          System.nanoTime(),
          ProcessStats.machineBusyNanos(),
          ProcessStats.selfAndReapedChildrenCpuNanos());
    }

    String since(Share start) {
      double capacity =
          (wallNanos - start.wallNanos) * (double) Runtime.getRuntime().availableProcessors();
      long busy = machineBusyNanos - start.machineBusyNanos;
      long ours = oursNanos - start.oursNanos;
      long others = Math.max(0, busy - ours);
      return String.format(
          Locale.ROOT,
          "machine CPU during this section: %.0f%% busy of %d cores; this benchmark %.0f%%, other"
              + " processes %.0f%% (%,d ms)",
          100 * busy / capacity,
          Runtime.getRuntime().availableProcessors(),
          100 * ours / capacity,
          100 * others / capacity,
          Math.round(others / 1e6));
    }
  }

  public static void main(String[] args) throws Exception {
    String only = "";
    int repetitions = FRESH_REPETITIONS;
    HttpsBenchmark.Settings https = HttpsBenchmark.Settings.DEFAULT;
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("argument " + arg + " is not key=value");
      }
      switch (kv[0]) {
        case "only" -> {
          if (!List.of("throughput", "accuracy", "fresh", "https").contains(kv[1])) {
            throw new IllegalArgumentException(
                "only=" + kv[1] + ": expected throughput, accuracy, fresh or https");
          }
          only = kv[1];
        }
        case "reps" -> repetitions = Integer.parseInt(kv[1]);
        case "targets" ->
            https =
                new HttpsBenchmark.Settings(
                    Integer.parseInt(kv[1]), https.freshRuns(), https.loneRuns());
        case "freshRuns" ->
            https =
                new HttpsBenchmark.Settings(
                    https.targets(), Integer.parseInt(kv[1]), https.loneRuns());
        case "loneRuns" ->
            https =
                new HttpsBenchmark.Settings(
                    https.targets(), https.freshRuns(), Integer.parseInt(kv[1]));
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + arg + " (only=, reps=, targets=, freshRuns=, loneRuns=)");
      }
    }
    long started = System.nanoTime();
    int bound = ProbeClient.builder().build().maxOpenConnections();
    OUT.println("probefleet probe benchmark (issue 4; the HTTPS case: issue 16)");
    OUT.println("machine:  " + machine());
    OUT.println("load:     " + ProcessStats.loadAverage() + " (1/5/15 min load average at start)");
    OUT.println(
        "bound:    "
            + bound
            + " requests in flight for every contender (ProbeClient's default maxOpenConnections)");
    OUT.println();
    if (only.isEmpty() || only.equals("throughput")) {
      Share start = Share.now();
      throughput(bound);
      OUT.println("   " + Share.now().since(start));
      OUT.println();
    }
    if (only.isEmpty() || only.equals("accuracy")) {
      Share start = Share.now();
      accuracy();
      OUT.println();
      OUT.println("   " + Share.now().since(start));
      OUT.println();
    }
    if (only.isEmpty() || only.equals("fresh")) {
      Share start = Share.now();
      freshProcess(repetitions);
      OUT.println();
      OUT.println("   " + Share.now().since(start));
      OUT.println();
    }
    String httpsLine = null;
    if (only.isEmpty() || only.equals("https")) {
      httpsLine = HttpsBenchmark.run(https, OUT);
    }
    OUT.printf(
        Locale.ROOT,
        "load:     %s (1/5/15 min load average at end); the whole run took %.1f s%n",
        ProcessStats.loadAverage(),
        (System.nanoTime() - started) / 1e9);
    if (httpsLine != null) {
      OUT.println(httpsLine);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Throughput

  private static void throughput(int bound) throws Exception {
    int probes = Workload.TARGETS * 3;
    long waves = (probes + bound - 1) / bound;
    long wallTargetMs = waves * Workload.FIRST_BYTE_DELAY.toMillis() + 1000;
    OUT.printf(
        Locale.ROOT,
        "1. THROUGHPUT: %,d probes (%,d targets x 3 paths), at most %d in flight, every answer after"
            + " a %d ms first-byte delay%n",
        probes,
        Workload.TARGETS,
        bound,
        Workload.FIRST_BYTE_DELAY.toMillis());
    OUT.println(
        "   server:  a lab FaultHttpServer in the parent JVM, a fresh one per contender; each probe"
            + " its own URL (/t0042/lb); Connection: close, so one new connection per probe for"
            + " every contender");
    OUT.println(
        "   rounds:  each contender runs the 3,000 probes twice in one process: cold (first round in"
            + " a fresh process), then warm; targets are judged on the warm round");
    OUT.println(
        "   Java contenders: own child JVM each, same flags: "
            + String.join(" ", ChildJvm.FLAGS)
            + " (else JVM defaults: heap and GC chosen from the machine)");
    OUT.printf(
        Locale.ROOT,
        "   targets (probefleet): warm wall <= ceil(%d/%d) x %d ms + 1 s = %,d ms; peak RSS <= %d"
            + " MiB%n",
        probes,
        bound,
        Workload.FIRST_BYTE_DELAY.toMillis(),
        wallTargetMs,
        RSS_TARGET_MIB);

    warmUpServerJvm(bound);
    OUT.println("   load before the rows: " + ProcessStats.loadAverage() + "\n");
    List<Row> rows = new ArrayList<>();
    rows.add(
        javaContender(
            PROBEFLEET,
            "virtual thread per task, fair semaphore of " + bound + " inside the client",
            "probefleet",
            bound));
    rows.add(
        javaContender(
            "HttpClient.sendAsync",
            "HTTP/1.1, default executor, Semaphore(" + bound + ") around sendAsync",
            "httpclient",
            bound));
    rows.add(blackboxExporter(bound));

    OUT.printf(
        "%-30s %-5s %9s %9s %9s %11s  %s%n",
        "contender", "round", "wall ms", "probes/s", "CPU ms", "ok", "wall target");
    OUT.println("-".repeat(100));
    for (Row row : rows) {
      boolean judged = row.contender().equals(PROBEFLEET);
      if (row.skipped() != null) {
        OUT.printf("%-30s %s%n", row.contender(), "SKIPPED: " + row.skipped());
        OUT.println();
        continue;
      }
      printRound(row.contender(), "cold", row.cold(), probes, wallTargetMs, judged);
      printRound("", "warm", row.warm(), probes, wallTargetMs, judged);
      double rssMib = row.peakRssKib() / 1024.0;
      OUT.printf(
          Locale.ROOT,
          "    %s%n    process: peak RSS %.1f MiB%s, CPU %,d ms over its whole life (%s)%n"
              + "    %s: CPU %,d ms %s; the server saw %,d requests, at most %d in flight%n",
          row.how(),
          rssMib,
          judged
              ? " (target <= " + RSS_TARGET_MIB + " MiB: " + mark(rssMib <= RSS_TARGET_MIB) + ")"
              : "",
          millis(row.processCpuNanos()),
          row.processNote(),
          row.parentRole(),
          millis(row.parentCpuNanos()),
          row.parentRole().startsWith("server JVM")
              ? "while the child JVM lived (both rounds)"
              : "during the two rounds",
          row.serverRequests(),
          row.serverPeakInFlight());
      for (String round : List.of("cold", "warm")) {
        Round r = round.equals("cold") ? row.cold() : row.warm();
        if (!r.failures().equals("-")) {
          OUT.println("    " + round + " round failures: " + r.failures());
        }
      }
      OUT.println();
    }
    OUT.println(
        "   wall = first request sent to last answer in; probes/s = 3,000 / wall; CPU = user+sys"
            + " of the contender's process during the round (/proc/<pid>/stat, 10 ms ticks);"
            + " ok = 200 OK (exporter: probe_success 1)");
  }

  /**
   * Two untimed rounds against a throwaway server, from this JVM, so that the server code every
   * contender meets is already compiled: otherwise the first contender would share the machine with
   * the server's JIT compiler and the others would not.
   */
  private static void warmUpServerJvm(int bound) throws InterruptedException {
    long started = System.nanoTime();
    try (FaultHttpServer server = Workload.startServer()) {
      ThroughputChild.SendAsync driver = new ThroughputChild.SendAsync(bound);
      List<Workload.Probe> probes = Workload.probes(server.port());
      driver.round(probes);
      driver.round(probes);
    }
    OUT.printf(
        Locale.ROOT,
        "   server JVM warm-up: 2 untimed rounds of 3,000 against a throwaway server, driven from"
            + " the parent (%.1f s)%n",
        (System.nanoTime() - started) / 1e9);
  }

  private static void printRound(
      String contender, String round, Round r, int probes, long wallTargetMs, boolean judged) {
    double wallMs = r.wallNanos() / 1e6;
    String target =
        judged
            ? "<= "
                + String.format(Locale.ROOT, "%,d", wallTargetMs)
                + " ms: "
                + (round.equals("warm")
                    ? mark(wallMs <= wallTargetMs)
                    : "(cold: " + (wallMs <= wallTargetMs ? "within" : "over") + ")")
            : "(baseline)";
    OUT.printf(
        Locale.ROOT,
        "%-30s %-5s %,9.0f %,9.0f %,9d %11s  %s%n",
        contender,
        round,
        wallMs,
        probes / (r.wallNanos() / 1e9),
        millis(r.cpuNanos()),
        r.ok() + "/" + probes,
        target);
  }

  private static Row javaContender(String label, String how, String name, int bound)
      throws InterruptedException {
    try (FaultHttpServer server = Workload.startServer()) {
      List<String> args = List.of(name, String.valueOf(bound), String.valueOf(server.port()));
      long parentCpu = ProcessStats.cpuNanos(ProcessStats.self());
      Map<String, String> result;
      try {
        result = ChildJvm.run(ThroughputChild.class, args, Duration.ofSeconds(90));
      } catch (IllegalStateException e) {
        return Row.skipped(label, e.getMessage());
      }
      parentCpu = ProcessStats.cpuNanos(ProcessStats.self()) - parentCpu;
      return new Row(
          label,
          how,
          round(result, "cold"),
          round(result, "warm"),
          Long.parseLong(result.get("peak_rss_kib")),
          Long.parseLong(result.get("process_cpu_ns")),
          "JVM start and both rounds; max heap " + result.get("max_heap_mib") + " MiB",
          "server JVM (parent)",
          parentCpu,
          server.requestCount(),
          server.peakConcurrentRequests(),
          null);
    }
  }

  private static Round round(Map<String, String> result, String round) {
    return new Round(
        Long.parseLong(result.get(round + "_wall_ns")),
        Long.parseLong(result.get(round + "_cpu_ns")),
        Integer.parseInt(result.get(round + "_ok")),
        result.get(round + "_failures"));
  }

  private static Row blackboxExporter(int bound) throws Exception {
    Optional<Path> binary = BlackboxExporter.binary();
    String label = "blackbox_exporter";
    if (binary.isEmpty()) {
      return Row.skipped(
          label,
          BlackboxExporter.BINARY
              + " not found (Debian package prometheus-blackbox-exporter is not installed)");
    }
    label += " " + BlackboxExporter.version(binary.get());
    try (FaultHttpServer server = Workload.startServer();
        BlackboxExporter exporter = BlackboxExporter.start(binary.get())) {
      List<Workload.Probe> probes = Workload.probes(server.port());
      long parentCpu = ProcessStats.cpuNanos(ProcessStats.self());
      Round cold = exporterRound(exporter, probes, bound);
      Round warm = exporterRound(exporter, probes, bound);
      parentCpu = ProcessStats.cpuNanos(ProcessStats.self()) - parentCpu;
      long rss = ProcessStats.peakRssKib(exporter.pid());
      long cpu = ProcessStats.cpuNanos(exporter.pid());
      return new Row(
          label,
          "driven from the parent JVM: HttpClient, Semaphore("
              + bound
              + ") around GET /probe?module="
              + BlackboxExporter.MODULE
              + "&target=<url>; CPU and RSS below are the exporter process's own",
          cold,
          warm,
          rss,
          cpu,
          "start and both rounds",
          "server + driver JVM (parent)",
          parentCpu,
          server.requestCount(),
          server.peakConcurrentRequests(),
          null);
    } catch (RuntimeException e) {
      return Row.skipped(label, "could not run: " + e);
    }
  }

  private static Round exporterRound(
      BlackboxExporter exporter, List<Workload.Probe> probes, int bound)
      throws InterruptedException {
    long cpu = ProcessStats.cpuNanos(exporter.pid());
    long started = System.nanoTime();
    ThroughputChild.Tally tally = exporter.round(probes, bound);
    long wall = System.nanoTime() - started;
    return new Round(
        wall,
        ProcessStats.cpuNanos(exporter.pid()) - cpu,
        tally.ok(),
        ChildJvm.describe(tally.failures()));
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Timing accuracy

  private static void accuracy() throws Exception {
    OUT.printf(
        Locale.ROOT,
        "2. TIMING ACCURACY: |measured first-byte wait - injected delay|, %d probes per delay per"
            + " client, one at a time, the clients interleaved in a shuffled order (fixed seed)%n",
        ACCURACY_PROBES);
    OUT.println(
        "   server: one lab FaultHttpServer in the parent JVM; it reads the request, then waits the"
            + " injected delay before its first byte");
    OUT.println(
        "   probefleet: PhaseTimings.ttfb (request written -> first byte), one ProbeClient in its own"
            + " child JVM, through probe() on a platform thread and through round() of one task on a"
            + " virtual thread, as a fleet round measures");
    OUT.println(
        "   curl: time_starttransfer - time_pretransfer, one "
            + CURL
            + " process per probe (its pretransfer mark comes before the request is sent)");
    OUT.printf(
        Locale.ROOT,
        "   warm-up: %d untimed probes per client first (no delay), so that the probe client's JVM"
            + " runs compiled code, as in a warm container (curl is a fresh process per probe either"
            + " way)%n",
        ACCURACY_WARMUP);
    OUT.printf(
        Locale.ROOT,
        "   percentiles by nearest rank, so p99 of %d is the single largest error; signed = mean of"
            + " (measured - injected)%n",
        ACCURACY_PROBES);
    OUT.printf(
        Locale.ROOT,
        "   targets (probefleet): median <= %.3f ms, p99 <= %.3f ms, each no worse than curl's%n",
        MEDIAN_TARGET_MS,
        P99_TARGET_MS);
    OUT.println("   load before the probes: " + ProcessStats.loadAverage() + "\n");

    boolean curl = Files.isExecutable(CURL);
    Map<String, Reply> replies = new ConcurrentHashMap<>();
    try (FaultHttpServer server = FaultHttpServer.start()) {
      // /delay/<ms>/<n>: the reply waits <ms> after reading the request.
      server.dispatch(
          request ->
              replies.computeIfAbsent(
                  request.target().split("/")[2],
                  ms -> Reply.ok().withFirstByteDelay(Duration.ofMillis(Long.parseLong(ms)))));
      Process child = ChildJvm.start(AccuracyChild.class, List.of());
      try (Writer toChild =
              new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
          BufferedReader fromChild =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        Map<String, Prober> clients = new LinkedHashMap<>();
        clients.put(PROBE, url -> probefleetWait(toChild, fromChild, "probe", url));
        clients.put(ROUND, url -> probefleetWait(toChild, fromChild, "round", url));
        if (curl) {
          clients.put(CURL_CLIENT, ProbeBenchmark::curlWait);
        }
        for (int i = 0; i < ACCURACY_WARMUP; i++) {
          for (Prober client : clients.values()) {
            client.waitNanos(server.url("/delay/0/warm-up-" + i).toString());
          }
        }
        OUT.printf(
            "%-7s %-19s %9s %9s %9s %9s %6s  %s%n",
            "delay", "client", "median ms", "p90 ms", "p99 ms", "signed ms", "failed", "targets");
        OUT.println("-".repeat(130));
        Random order = new Random(4);
        for (int delay : DELAYS_MS) {
          long injected = delay * 1_000_000L;
          Map<String, Errors> errors = new LinkedHashMap<>();
          clients.keySet().forEach(name -> errors.put(name, new Errors()));
          List<String> names = new ArrayList<>(clients.keySet());
          for (int i = 0; i < ACCURACY_PROBES; i++) {
            Collections.shuffle(names, order);
            for (String name : names) {
              String url = server.url("/delay/" + delay + "/" + i).toString();
              errors.get(name).add(clients.get(name).waitNanos(url), injected);
            }
          }
          Errors baseline = errors.get(CURL_CLIENT);
          String label = delay + " ms";
          for (Map.Entry<String, Errors> e : errors.entrySet()) {
            String targets =
                e.getKey().equals(CURL_CLIENT) ? "(baseline)" : targets(e.getValue(), baseline);
            printErrors(label, e.getKey(), e.getValue(), targets);
            label = "";
          }
          if (!curl) {
            OUT.printf("%-7s %-19s SKIPPED: %s not found%n", "", CURL_CLIENT, CURL);
          }
        }
      } finally {
        child.destroy();
        child.waitFor();
      }
    }
  }

  private static String targets(Errors client, Errors curl) {
    return "median "
        + mark(client.median() <= MEDIAN_TARGET_MS)
        + ", p99 "
        + mark(client.p99() <= P99_TARGET_MS)
        + (curl == null
            ? "; vs curl: n/a"
            : String.format(
                Locale.ROOT,
                "; vs curl: median %+.3f %s, p99 %+.3f %s",
                client.median() - curl.median(),
                mark(client.median() <= curl.median()),
                client.p99() - curl.p99(),
                mark(client.p99() <= curl.p99())));
  }

  private static void printErrors(String delay, String client, Errors e, String targets) {
    OUT.printf(
        Locale.ROOT,
        "%-7s %-19s %9.3f %9.3f %9.3f %+9.3f %6d  %s%n",
        delay,
        client,
        e.median(),
        e.p90(),
        e.p99(),
        e.meanSigned(),
        e.failed,
        targets);
  }

  /** One sequential probe of a URL; the measured first-byte wait in nanoseconds, or -1. */
  @FunctionalInterface
  interface Prober {
    long waitNanos(String url) throws IOException, InterruptedException;
  }

  private static long probefleetWait(
      Writer toChild, BufferedReader fromChild, String mode, String url) throws IOException {
    toChild.write(mode + " " + url + "\n");
    toChild.flush();
    String line = fromChild.readLine();
    if (line == null) {
      throw new IOException("the probefleet accuracy JVM ended early");
    }
    String[] fields = line.split(" ");
    return fields[0].equals("-") || !fields[1].equals("OK") ? -1 : Long.parseLong(fields[0]);
  }

  private static long curlWait(String url) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                CURL.toString(),
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{time_pretransfer} %{time_starttransfer}",
                url)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    if (p.waitFor() != 0) {
      return -1;
    }
    String[] fields = out.split(" ");
    if (fields.length != 3 || !fields[0].equals("200")) {
      return -1;
    }
    return Math.round((Double.parseDouble(fields[2]) - Double.parseDouble(fields[1])) * 1e9);
  }

  /**
   * Errors of one client at one delay, in milliseconds; a probe that measured nothing (not OK, or
   * no first byte) counts as failed.
   */
  static final class Errors {
    private final List<Double> absolute = new ArrayList<>();
    private double signedSum;
    private int failed;

    void add(long measuredNanos, long injectedNanos) {
      if (measuredNanos < 0) {
        failed++;
        return;
      }
      double error = (measuredNanos - injectedNanos) / 1e6;
      signedSum += error;
      absolute.add(Math.abs(error));
    }

    double median() {
      double[] s = sorted();
      if (s.length == 0) {
        return Double.NaN;
      }
      int mid = s.length / 2;
      return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    double p90() {
      return percentile(0.90);
    }

    double p99() {
      return percentile(0.99);
    }

    double max() {
      return percentile(1.0);
    }

    int count() {
      return absolute.size();
    }

    void addAll(Errors other) {
      absolute.addAll(other.absolute);
      signedSum += other.signedSum;
      failed += other.failed;
    }

    /** Nearest rank: the smallest sample with at least this share of the samples at or below it. */
    private double percentile(double share) {
      double[] s = sorted();
      if (s.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(share * s.length);
      return s[Math.max(0, rank - 1)];
    }

    double meanSigned() {
      return absolute.isEmpty() ? Double.NaN : signedSum / absolute.size();
    }

    private double[] sorted() {
      double[] s = absolute.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(s);
      return s;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Fresh-process ttfb

  static final String GO = "Go net/http+httptrace";

  /** The JVM flag of the "C1" rows: the tiered level Lambda's Java 17+ runtimes stop at. */
  static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  /**
   * One row of the fresh-process case.
   *
   * @param name the row's label
   * @param prime whether the child calls {@link ProbeClient#prime()} before its round
   * @param jvmFlags flags besides {@link ChildJvm#FLAGS}; null for Go's client
   */
  record FreshContender(String name, boolean prime, List<String> jvmFlags) {
    boolean go() {
      return jvmFlags == null;
    }
  }

  static final List<FreshContender> FRESH_CONTENDERS =
      List.of(
          new FreshContender("probefleet un-primed", false, List.of()),
          new FreshContender("probefleet primed", true, List.of()),
          new FreshContender("probefleet un-primed C1", false, List.of(C1_ONLY)),
          new FreshContender("probefleet primed C1", true, List.of(C1_ONLY)),
          new FreshContender(GO, false, null));

  private static void freshProcess(int repetitions) throws Exception {
    int probes = FreshRoundChild.DELAYS_MS.size() * FreshRoundChild.EACH;
    OUT.printf(
        Locale.ROOT,
        "3. FRESH-PROCESS TTFB: %d probes at once (first-byte delays %s ms, %d each), the first"
            + " round of a fresh process, %d repetitions; |measured ttfb - injected delay|%n",
        probes,
        FreshRoundChild.DELAYS_MS.stream().map(String::valueOf).collect(joining("/")),
        FreshRoundChild.EACH,
        repetitions);
    GoTtfb.Build go =
        GoTtfb.build(
            Path.of(System.getProperty("probefleet.bench.go", "src/test/go")),
            Path.of(System.getProperty("probefleet.bench.target", "target"), "bench-go"));
    if (go.tools() == null) {
      OUT.println("   skipped: " + go.skipped());
      return;
    }
    OUT.println(
        "   server:  ttfbserver (src/test/go, "
            + go.tools().version()
            + "): net/http on 127.0.0.1, first byte <delay> ms after the request was read,"
            + " Connection: close");
    OUT.println(
        "   probefleet: PhaseTimings.ttfb from ProbeClient.round (virtual threads, as the probe"
            + " function's round): the first round of a new child JVM ("
            + String.join(" ", ChildJvm.FLAGS)
            + "), un-primed or after ProbeClient.prime(); with the JVM's defaults (as `probefleet"
            + " diagnose` runs) and with "
            + C1_ONLY
            + " (C1, as Lambda's Java 17+ runtimes run by default)");
    OUT.println(
        "   Go:      ttfbclient (src/test/go), a new process each time: net/http, a fresh"
            + " connection per request, httptrace WroteRequest -> GotFirstResponseByte, as"
            + " blackbox_exporter times it");
    OUT.printf(
        Locale.ROOT,
        "   each repetition runs every row once, in a rotating order, against the same server;"
            + " target: primed p99 <= Go's p99 + %.0f ms, all repetitions pooled%n",
        FRESH_P99_MARGIN_MS);
    OUT.println("   load before the rows: " + ProcessStats.loadAverage() + "\n");

    Map<String, Errors> pooled = new LinkedHashMap<>();
    Map<String, List<Double>> p99s = new LinkedHashMap<>();
    for (FreshContender contender : FRESH_CONTENDERS) {
      pooled.put(contender.name(), new Errors());
      p99s.put(contender.name(), new ArrayList<>());
    }
    OUT.printf(
        "%-4s %-24s %9s %9s %9s %6s  %s%n",
        "rep", "contender", "median ms", "p99 ms", "max ms", "failed", "notes");
    OUT.println("-".repeat(130));
    try (GoTtfb.Server server = go.tools().startServer()) {
      List<FreshContender> order = new ArrayList<>(FRESH_CONTENDERS);
      for (int rep = 1; rep <= repetitions; rep++) {
        for (FreshContender contender : order) {
          Errors errors = new Errors();
          String notes =
              contender.go()
                  ? goRound(go.tools(), server.port(), errors)
                  : javaRound(contender, server.port(), errors);
          pooled.get(contender.name()).addAll(errors);
          p99s.get(contender.name()).add(errors.p99());
          OUT.printf(
              Locale.ROOT,
              "%-4d %-24s %9.3f %9.3f %9.3f %6d  %s%n",
              rep,
              contender.name(),
              errors.median(),
              errors.p99(),
              errors.max(),
              errors.failed,
              notes);
        }
        order.add(order.remove(0));
      }
    }
    OUT.println("-".repeat(130));
    Errors baseline = pooled.get(GO);
    for (FreshContender contender : FRESH_CONTENDERS) {
      Errors e = pooled.get(contender.name());
      List<Double> perRep = p99s.get(contender.name());
      String target =
          contender.go()
              ? "(baseline)"
              : String.format(
                  Locale.ROOT,
                  "p99 vs Go's + %.0f ms (%.3f): %+.3f %s",
                  FRESH_P99_MARGIN_MS,
                  baseline.p99() + FRESH_P99_MARGIN_MS,
                  e.p99() - baseline.p99(),
                  contender.prime()
                      ? mark(e.p99() <= baseline.p99() + FRESH_P99_MARGIN_MS)
                      : "(un-primed: "
                          + (e.p99() <= baseline.p99() + FRESH_P99_MARGIN_MS ? "within" : "over")
                          + ")");
      OUT.printf(
          Locale.ROOT,
          "%-4s %-24s %9.3f %9.3f %9.3f %6d  %d samples; p99 per repetition %.1f-%.1f (median"
              + " %.1f); %s%n",
          "all",
          contender.name(),
          e.median(),
          e.p99(),
          e.max(),
          e.failed,
          e.count(),
          perRep.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
          perRep.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
          medianOf(perRep),
          target);
    }
    OUT.printf(
        Locale.ROOT,
        "   the p99 of one repetition (%d samples) is its largest error; pooled over %d"
            + " repetitions it is the %d-th largest%n",
        probes,
        repetitions,
        probes * repetitions - (int) Math.ceil(0.99 * probes * repetitions) + 1);
  }

  /** One fresh Go client process; its errors into {@code errors}; the row's notes. */
  private static String goRound(GoTtfb tools, int port, Errors errors) throws InterruptedException {
    for (long[] r : tools.fire(port, FreshRoundChild.DELAYS_MS, FreshRoundChild.EACH)) {
      errors.add(r[1], r[0] * 1_000_000L);
    }
    return "fresh process";
  }

  /** One fresh child JVM's first round; its errors into {@code errors}; the row's notes. */
  private static String javaRound(FreshContender contender, int port, Errors errors)
      throws InterruptedException {
    Map<String, String> result =
        ChildJvm.run(
            FreshRoundChild.class,
            contender.jvmFlags(),
            List.of(String.valueOf(port), contender.prime() ? "prime" : "none"),
            Duration.ofSeconds(120));
    for (String pair : result.get("r0_ttfb").split(",")) {
      String[] delayAndTtfb = pair.split(":");
      errors.add(
          delayAndTtfb[1].equals("-") ? -1 : Long.parseLong(delayAndTtfb[1]),
          Long.parseLong(delayAndTtfb[0]) * 1_000_000L);
    }
    String priming =
        contender.prime()
            ? String.format(
                Locale.ROOT,
                "prime() %s ms, %s requests%s; ",
                result.get("prime_ms"),
                result.get("prime_requests"),
                result.get("prime_unexpected").equals("0")
                    ? ""
                    : " (" + result.get("prime_unexpected") + " unexpected)")
            : "";
    return priming
        + String.format(
            Locale.ROOT,
            "round: %s classes loaded, JIT %s ms, CPU %s ms",
            result.get("r0_classes"),
            result.get("r0_jit_ms"),
            result.get("r0_cpu_ms"))
        + (result.get("r0_failures").equals("-") ? "" : "; failures " + result.get("r0_failures"));
  }

  private static double medianOf(List<Double> values) {
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  // ---------------------------------------------------------------------------------------------

  private static String machine() {
    String cpu = "?";
    String mem = "?";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          mem = String.format(Locale.ROOT, "%.1f GiB RAM", kib / 1024.0 / 1024.0);
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the machine line is informative only
    }
    return Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpu
        + "), "
        + mem
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch")
        + ", JDK "
        + System.getProperty("java.vm.vendor")
        + " "
        + System.getProperty("java.runtime.version")
        + " ("
        + ChildJvm.javaBinary()
        + ")";
  }

  private static String mark(boolean met) {
    return met ? "PASS" : "MISS";
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
