package dev.probefleet.functions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.Tables;
import dev.probefleet.functions.rie.ApiEvents;
import dev.probefleet.functions.rie.FleetState;
import dev.probefleet.functions.rie.FunctionEnvironments;
import dev.probefleet.functions.rie.FunctionPackage;
import dev.probefleet.functions.rie.Invocation;
import dev.probefleet.functions.rie.LambdaEmulator;
import dev.probefleet.functions.rie.ScheduledInputs;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulators;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * {@code make bench-functions}: the packaged functions as Lambda runs them (aws-lambda-rie, the
 * Java runtime interface client, a fresh JVM and a clean environment per cold start), against the
 * AWS emulator (moto, its DynamoDB tables holding the registry and the rounds). Prints:
 *
 * <ol>
 *   <li><b>Cold starts</b> — each function beside a plain-Java handler doing the same work ({@code
 *       dev.probefleet.functions.plain}), alternating, {@code runs} times each, with and without
 *       {@code JAVA_TOOL_OPTIONS=-XX:+TieredCompilation -XX:TieredStopAtLevel=1}: time from the
 *       first invocation sent (the emulator starts the JVM when it arrives) to its answer, the
 *       emulator's INIT REPORT, the first invoke's own duration, the JVM's CPU time.
 *   <li><b>SDK HTTP client</b> — url-connection-client against AWS CRT: a fresh JVM builds a
 *       DynamoDB client and completes its first call; and what each adds to a package.
 *   <li><b>Targets per probe invocation</b> at 512 and 1,024 MB in a 60 s slot, computed from the
 *       probe function's measured CPU per HTTPS path-probe; then, where the machine allows a CPU
 *       cgroup, the function run at that many targets under each memory size's CPU share.
 * </ol>
 *
 * <p>The last line reads {@code cold start ratio: probe <x>, api <y>} (framework median / plain
 * median, with the JVM setting that gives the framework its faster cold start). Arguments ({@code
 * BENCH_ARGS}): {@code runs=5 apiTargets=5 cpuTargets=200 warmRounds=5 confirmShare=0.1
 * validate=true answerDelay=20}.
 */
public final class FunctionBenchmark {
  static final String TIERED_C1 = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
  private static final Duration PERIOD = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> options;
  private final int runs;
  private final AwsEmulator emulator;
  private final HttpsTargets server;
  private final Clock clock = Clock.systemUTC();
  private final RoundSlot firstSlot = RoundSlot.containing(Instant.now(), PERIOD);
  private int slotCounter;

  private FunctionBenchmark(
      Map<String, String> options, AwsEmulator emulator, HttpsTargets server) {
    this.options = options;
    this.runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    this.emulator = emulator;
    this.server = server;
  }

  public static void main(String[] args) throws Exception {
    int status = 0;
    try {
      run(parse(args));
    } catch (RuntimeException e) {
      System.out.flush();
      System.err.println("bench-functions failed: " + e.getMessage());
      e.printStackTrace();
      status = 1;
    } finally {
      System.out.flush();
      AwsEmulators.stopShared();
      System.exit(status);
    }
  }

  private static void run(Map<String, String> options) throws Exception {
    LambdaEmulator.rieBinary();
    header(options);
    long delay = Long.parseLong(options.getOrDefault("answerDelay", "20"));
    try (HttpsTargets server = HttpsTargets.start(Duration.ofMillis(delay))) {
      AwsEmulator emulator = AwsEmulators.startMoto();
      try {
        FunctionBenchmark bench = new FunctionBenchmark(options, emulator, server);
        Set<String> only = Set.of(options.getOrDefault("only", "cold,clients,capacity").split(","));
        Map<String, Double> ratios = only.contains("cold") ? bench.coldStarts() : Map.of();
        if (only.contains("clients")) {
          bench.httpClients();
        }
        if (only.contains("capacity")) {
          new ProbeCapacity(bench, options).run();
        }
        System.out.println();
        System.out.println(
            String.format(
                Locale.ROOT,
                "cold start ratio: probe %s, api %s",
                ratio(ratios.get("probe")),
                ratio(ratios.get("api"))));
      } finally {
        emulator.close();
      }
    }
  }

  private static String ratio(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }

  // ---- 1. cold starts --------------------------------------------------------------------------

  /** One function beside its plain twin: the same payloads, the same check of the answer. */
  record ColdStartCase(
      String name,
      FunctionPackage framework,
      FunctionPackage plain,
      String region,
      Map<String, String> environment,
      IntFunction<String> payload,
      Consumer<JsonNode> check) {}

  private record Sample(double total, double init, double firstInvoke, double cpu) {}

  private Map<String, Double> coldStarts() {
    EmulatedAws aws = EmulatedAws.provision(emulator);
    register(aws, server.targets("cold", 1));
    List<ColdStartCase> cases = new ArrayList<>();
    cases.add(
        new ColdStartCase(
            "probe",
            FunctionPackage.probe(),
            FunctionPackage.plainProbe(),
            "eu-west-1",
            environment(aws),
            run -> ScheduledInputs.scheduler("0/1", nextSlot().start()),
            summary -> {
              if (summary.path("paths").asInt() != 3
                  || summary.path("failing").asInt() != 0
                  || summary.path("written").asInt() != 1
                  || !summary.path("complete").asBoolean()) {
                throw new IllegalStateException(
                    "the first invocation did not probe and write 1 healthy target: " + summary);
              }
            }));
    cases.add(apiCase());
    Set<String> wanted = Set.of(options.getOrDefault("cases", "probe,api").split(","));
    cases.removeIf(c -> !wanted.contains(c.name()));

    System.out.println(
        "1. Cold starts under aws-lambda-rie (a fresh JVM per run, median of " + runs + ")");
    System.out.println(
        "   total = first invocation sent (the emulator starts the JVM on its arrival) to its"
            + " answer; INIT = the emulator's INIT REPORT; invoke = the first invocation's own"
            + " duration; CPU = the function JVM's user+sys through the first answer.");
    System.out.println(
        "   The first invocation probes 1 registered target (cdn, lb, origin over HTTPS, a full"
            + " TLS handshake each, answered after "
            + options.getOrDefault("answerDelay", "20")
            + " ms) and writes its round to the emulator's DynamoDB table; the api answers GET"
            + " /v1/status (an API Gateway HTTP API event) for "
            + options.getOrDefault("apiTargets", "5")
            + " probed and analysed targets from the same tables. 1,024 MB, no CPU limit.");
    CpuAccounting cpu = new CpuAccounting();
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (ColdStartCase c : cases) {
      Map<String, Map<String, Stats[]>> table = new LinkedHashMap<>();
      for (String tool : new String[] {"", TIERED_C1}) {
        Stats[] framework = newStats();
        Stats[] plain = newStats();
        for (int run = 0; run < runs; run++) {
          boolean frameworkFirst = run % 2 == 0;
          for (int k = 0; k < 2; k++) {
            boolean isFramework = (k == 0) == frameworkFirst;
            Sample s = coldStart(isFramework ? c.framework() : c.plain(), c, tool, run);
            record(isFramework ? framework : plain, s);
          }
        }
        Map<String, Stats[]> row = new LinkedHashMap<>();
        row.put("framework", framework);
        row.put("plain", plain);
        table.put(tool, row);
      }
      printColdStarts(c, table);
      System.out.printf(
          Locale.ROOT,
          "   classes loaded through the first answer (TieredStopAtLevel=1, one more run each):"
              + " %s %,d (Micronaut), %,d (plain)%n",
          c.name(),
          classesLoaded(c.framework(), c),
          classesLoaded(c.plain(), c));
      String best =
          table.get("").get("framework")[0].median()
                  <= table.get(TIERED_C1).get("framework")[0].median()
              ? ""
              : TIERED_C1;
      double ratio =
          table.get(best).get("framework")[0].median() / table.get(best).get("plain")[0].median();
      ratios.put(c.name(), ratio);
      System.out.printf(
          Locale.ROOT,
          "   %s: framework / plain = %.2f with %s (the faster setting for the framework; goal"
              + " <= 1.5: %s)%n",
          c.name(),
          ratio,
          best.isEmpty() ? "no JAVA_TOOL_OPTIONS" : "JAVA_TOOL_OPTIONS=" + best,
          ratio <= 1.5 ? "PASS" : "MISS");
    }
    System.out.println("   " + cpu.describe());
    System.out.println();
    return ratios;
  }

  /**
   * The query API: {@code GET /v1/status} (an API Gateway HTTP API event) for a fleet of {@code
   * apiTargets} targets that were probed and analysed, so every target has a verdict and its last
   * rounds; both handlers answer it from the same tables.
   */
  private ColdStartCase apiCase() {
    int targets = Integer.parseInt(options.getOrDefault("apiTargets", "5"));
    EmulatedAws aws = EmulatedAws.provision(emulator);
    register(aws, server.targets("api", targets));
    RoundSlot slot = nextSlot();
    FleetState.probed(aws, "eu-west-1", slot, Map.of());
    FleetState.analysed(aws, "eu-west-1", slot);
    Map<String, String> env = environment(aws);
    env.put("PROBEFLEET_API_TOKEN_KEY", "bench-functions token key, 32 bytes or more");
    return new ColdStartCase(
        "api",
        FunctionPackage.api(),
        FunctionPackage.plainApi(),
        aws.emulator().region().id(),
        env,
        run -> ApiEvents.getStatus(),
        response -> {
          JsonNode body;
          try {
            body = JSON.readTree(response.path("body").asText());
          } catch (IOException e) {
            throw new IllegalStateException("GET /v1/status answered no JSON: " + response, e);
          }
          if (response.path("statusCode").asInt() != 200
              || body.path("targets").size() != targets
              || body.path("targets").findValues("verdict").stream().anyMatch(JsonNode::isNull)) {
            throw new IllegalStateException(
                "GET /v1/status did not answer " + targets + " analysed targets: " + response);
          }
        });
  }

  private static Stats[] newStats() {
    return new Stats[] {new Stats(), new Stats(), new Stats(), new Stats()};
  }

  private static void record(Stats[] stats, Sample s) {
    stats[0].add(s.total());
    stats[1].add(s.init());
    stats[2].add(s.firstInvoke());
    stats[3].add(s.cpu());
  }

  private void printColdStarts(ColdStartCase c, Map<String, Map<String, Stats[]>> table) {
    System.out.printf(
        Locale.ROOT,
        "   %-32s %-22s %-24s %-24s %-22s %s%n",
        "JAVA_TOOL_OPTIONS",
        "function",
        "total",
        "INIT",
        "invoke",
        "CPU");
    table.forEach(
        (tool, row) ->
            row.forEach(
                (kind, stats) ->
                    System.out.printf(
                        Locale.ROOT,
                        "   %-32s %-22s %-24s %-24s %-22s %s%n",
                        tool.isEmpty() ? "(none: JVM default)" : "TieredStopAtLevel=1",
                        c.name() + (kind.equals("framework") ? " (Micronaut)" : " (plain)"),
                        stats[0].millis(),
                        stats[1].millis(),
                        stats[2].millis(),
                        stats[3].millis())));
    for (String kind : List.of("framework", "plain")) {
      double without = table.get("").get(kind)[0].median();
      double with = table.get(TIERED_C1).get(kind)[0].median();
      System.out.printf(
          Locale.ROOT,
          "   TieredStopAtLevel=1 for %s %s: %,.0f -> %,.0f ms (%s)%n",
          c.name(),
          kind,
          without,
          with,
          with < without ? "helps" : "does not help");
    }
  }

  /**
   * The classes a cold start loads through its first answer (-Xlog:class+load); the log stays in
   * {@code functions/bench/target/class-load/<function>.log}, in load order, for a look at where a
   * cold start's classes come from.
   */
  private long classesLoaded(FunctionPackage function, ColdStartCase c) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "class-load"));
      Path log = dir.resolve(function.name() + ".log").toAbsolutePath();
      Files.deleteIfExists(log);
      // filecount=0: one file, never rotated.
      coldStart(
          function, c, TIERED_C1 + " -Xlog:class+load=info:file=" + log + "::filecount=0", -1);
      try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
        return lines.filter(l -> l.contains(" source: ")).count();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot count the classes " + function.name() + " loads", e);
    }
  }

  private Sample coldStart(FunctionPackage function, ColdStartCase c, String tool, int run) {
    try (LambdaEmulator fn =
        LambdaEmulator.builder(function)
            .region(c.region())
            .memoryMb(1024)
            .timeout(Duration.ofSeconds(60))
            .environment(c.environment())
            .javaToolOptions(tool.isEmpty() ? null : tool)
            .start()) {
      if (fn.functionProcess().isPresent()) {
        throw new IllegalStateException(
            "the function's JVM was running before the first invocation: the cold start would"
                + " not include its start");
      }
      Invocation first = fn.invoke(c.payload().apply(run));
      double cpu =
          fn.functionProcess()
              .flatMap(p -> p.info().totalCpuDuration())
              .map(d -> d.toNanos() / 1e6)
              .orElse(Double.NaN);
      c.check().accept(first.result());
      double init =
          fn.initDuration()
                  .orElseThrow(() -> new IllegalStateException("no INIT REPORT in " + fn.logFile()))
                  .toNanos()
              / 1e6;
      List<Duration> invokes = fn.invokeDurations();
      double invoke = invokes.isEmpty() ? Double.NaN : invokes.get(0).toNanos() / 1e6;
      return new Sample(first.elapsed().toNanos() / 1e6, init, invoke, cpu);
    }
  }

  // ---- 2. SDK HTTP client ----------------------------------------------------------------------

  private void httpClients() throws IOException, InterruptedException {
    System.out.println(
        "2. SDK HTTP client: a fresh JVM builds a DynamoDbClient and completes one GetItem on the"
            + " emulator (median of "
            + runs
            + "; -XX:+UseSerialGC -XX:TieredStopAtLevel=1, Lambda java21's defaults)");
    EmulatedAws aws = EmulatedAws.provision(emulator);
    String table = aws.resources().table(Tables.TARGETS);
    List<String> classpath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    Map<String, List<String>> classpaths = new LinkedHashMap<>();
    classpaths.put("url-connection", sdkClasspath(classpath, "url-connection-client"));
    classpaths.put("crt", sdkClasspath(classpath, "aws-crt"));
    Map<String, Stats[]> results = new LinkedHashMap<>();
    classpaths.keySet().forEach(k -> results.put(k, newStats()));
    CpuAccounting cpu = new CpuAccounting();
    for (int run = 0; run < runs; run++) {
      for (String client :
          run % 2 == 0 ? List.of("url-connection", "crt") : List.of("crt", "url-connection")) {
        double[] figures = startup(client, classpaths.get(client), aws, table);
        Stats[] s = results.get(client);
        for (int i = 0; i < 4; i++) {
          s[i].add(figures[i]);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "   %-16s %-22s %-22s %-24s %-22s %s%n",
        "client",
        "build client",
        "first call",
        "process start to done",
        "JVM CPU",
        "added to a package");
    for (Map.Entry<String, Stats[]> e : results.entrySet()) {
      Stats[] s = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "   %-16s %-22s %-22s %-24s %-22s %s%n",
          e.getKey(),
          s[0].millis(),
          s[1].millis(),
          s[2].millis(),
          s[3].millis(),
          packageBytes(classpaths.get(e.getKey()), e.getKey()));
    }
    double url = results.get("url-connection")[2].median();
    double crt = results.get("crt")[2].median();
    System.out.printf(
        Locale.ROOT,
        "   %s reaches its first answer %,.0f ms sooner (process start to done); the functions"
            + " ship url-connection-client%n",
        url <= crt ? "url-connection" : "crt",
        Math.abs(url - crt));
    System.out.println("   " + cpu.describe());
    System.out.println();
  }

  private double[] startup(String client, List<String> classpath, EmulatedAws aws, String table)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.add("-classpath");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(SdkClientStartup.class.getName());
    command.add(client);
    command.add(aws.emulator().endpoint().toString());
    command.add(aws.emulator().region().id());
    command.add(table);
    Path out = Files.createTempFile("sdk-startup", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(client + " startup did not finish in 60 s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Optional<String> line = text.lines().filter(l -> l.startsWith("STARTUP ")).findFirst();
      if (p.exitValue() != 0 || line.isEmpty()) {
        throw new IllegalStateException(client + " startup failed: " + text);
      }
      String[] f = line.get().split(" ");
      return new double[] {
        Double.parseDouble(f[1]),
        Double.parseDouble(f[2]),
        Double.parseDouble(f[3]),
        Double.parseDouble(f[4])
      };
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * The test classes and the SDK's jars, with one HTTP client: {@code keep} names the client's jar
   * ({@code url-connection-client} or {@code aws-crt}, which also keeps {@code aws-crt-client}).
   */
  private static List<String> sdkClasspath(List<String> classpath, String keep) {
    List<String> out = new ArrayList<>();
    for (String entry : classpath) {
      String name = Path.of(entry).getFileName().toString();
      boolean sdk =
          entry.contains("/software/amazon/")
              || entry.contains("/org/reactivestreams/")
              || entry.contains("/org/slf4j/");
      boolean client = name.startsWith("url-connection-client") || name.startsWith("aws-crt");
      if (Files.isDirectory(Path.of(entry)) && entry.endsWith("test-classes")) {
        out.add(entry);
      } else if (sdk && (!client || name.startsWith(keep))) {
        out.add(entry);
      }
    }
    return out;
  }

  private static String packageBytes(List<String> classpath, String client) {
    long bytes = 0;
    List<String> jars = new ArrayList<>();
    for (String entry : classpath) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith(client.equals("crt") ? "aws-crt" : "url-connection-client")) {
        try {
          bytes += Files.size(Path.of(entry));
          jars.add(name);
        } catch (IOException e) {
          throw new IllegalStateException("cannot size " + entry, e);
        }
      }
    }
    String size =
        bytes < 1_000_000
            ? String.format(Locale.ROOT, "%,.0f KB", bytes / 1e3)
            : String.format(Locale.ROOT, "%,.1f MB", bytes / 1e6);
    return size + " (" + String.join(" + ", jars) + ")";
  }

  // ---- shared ----------------------------------------------------------------------------------

  /** A fresh slot for every invocation: rounds are first-write-wins per slot and region. */
  RoundSlot nextSlot() {
    RoundSlot slot = firstSlot;
    int back = ++slotCounter;
    for (int i = 0; i < back; i++) {
      slot = slot.previous();
    }
    return slot;
  }

  AwsEmulator emulator() {
    return emulator;
  }

  HttpsTargets server() {
    return server;
  }

  void register(EmulatedAws aws, List<Target> targets) {
    new DynamoTargetRegistry(
            aws.dynamoDb(), aws.resources().table(Tables.TARGETS), Retrier.standard(), clock)
        .apply(targets, true);
  }

  /** What the stacks set, pointing at the emulator's tables. */
  static Map<String, String> environment(EmulatedAws aws) {
    return FunctionEnvironments.onEmulator(aws);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (arg.isBlank()) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return options;
  }

  private static void header(Map<String, String> options) {
    System.out.println("== bench-functions: the packaged Lambda functions under aws-lambda-rie");
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, %s %s; function JVM: %s %s (Lambda's java21 runtime runs Corretto"
            + " 21); load average %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.vendor"),
        Runtime.version(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println(
        "backing: moto (the project's AWS emulator, a Python process on 127.0.0.1) for DynamoDB;"
            + " targets: a TLS server on 127.0.0.1");
    if (!options.isEmpty()) {
      System.out.println("options: " + options);
    }
    System.out.println();
  }
}
