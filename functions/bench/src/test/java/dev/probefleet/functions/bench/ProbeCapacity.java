package dev.probefleet.functions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.functions.rie.FunctionPackage;
import dev.probefleet.functions.rie.Invocation;
import dev.probefleet.functions.rie.LambdaEmulator;
import dev.probefleet.functions.rie.ScheduledInputs;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probe.bench.BlackboxExporter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many targets one probe invocation can take at 512 MB and 1,024 MB in a 60 s slot.
 *
 * <p>Lambda gives a function CPU in proportion to its memory: "At 1,769 MB, a function has the
 * equivalent of one vCPU (one vCPU-second of credits per second)" — AWS Lambda Developer Guide,
 * <i>Configure Lambda function memory</i>,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html. A round of HTTPS probes
 * with a full handshake each is CPU-bound long before it is bound by the 512 connections in flight,
 * so the capacity is the CPU the memory size buys within the slot, divided by the measured CPU of
 * one path-probe.
 *
 * <p>Measured: the packaged probe function under aws-lambda-rie (no CPU limit) probes {@code
 * cpuTargets} HTTPS targets once cold, then {@code warmRounds} more times; the CPU its JVM uses
 * during a warm invocation, divided by the paths probed, is the CPU per path-probe — everything the
 * invocation does per probe: the registry read (cached), connect, TLS handshake and certificate
 * checks, the request, fingerprinting, the round's write to DynamoDB, the EMF metrics.
 *
 * <p>Computed per memory size from the slot's CPU: of the 60 s slot (the function's timeout),
 * {@code probefleet.lambda.deadline-margin} (2 s) and {@code probefleet.probe.write-reserve} (5 s)
 * are kept back and the confirmation's back-off (3 s) is idle, leaving 50 s of probing; a share
 * {@code confirmShare} (default 10 %) of the paths is reserved for the fast confirmation of failing
 * paths: targets = 50 s × vCPU / (3 × CPU per path-probe × (1 + confirmShare)). The write CPU is
 * counted in the per-probe figure, though the writes run in their own reserve: the figure errs low.
 *
 * <p>Then, where the machine lets this process create a CPU cgroup (root), the function runs at
 * that number under each memory size's CPU share (a CFS quota of memory / 1,769 MB of a CPU), cold
 * and then warm, with its own settings: the probes in flight are what the function derives from its
 * memory size ({@code ProbeConcurrency}), and a probe's timeout starts when it has its connection
 * slot, so a round works through its targets until its deadline. The answer says whether the round
 * completed and how many paths it probed healthy.
 */
final class ProbeCapacity {
  static final double MB_PER_VCPU = 1769;
  private static final double SLOT_SECONDS = 60;
  private static final double MARGIN_SECONDS = 2;
  private static final double WRITE_RESERVE_SECONDS = 5;
  private static final double CONFIRMATION_DELAY_SECONDS = 3;
  private static final int[] MEMORY_SIZES = {512, 1024};

  /** A number of targets to run at a memory size. */
  private record Capacity(int memory, int targets) {}

  private final FunctionBenchmark bench;
  private final int cpuTargets;
  private final int warmRounds;
  private final double confirmShare;
  private final boolean validate;

  ProbeCapacity(FunctionBenchmark bench, Map<String, String> options) {
    this.bench = bench;
    // 1,000 targets, 3,000 HTTPS paths: the fleet size issue 16's goals are stated for, and what
    // `make bench`'s HTTPS case probes; a smaller round carries more fixed cost per probe.
    this.cpuTargets = Integer.parseInt(options.getOrDefault("cpuTargets", "1000"));
    this.warmRounds = Integer.parseInt(options.getOrDefault("warmRounds", "5"));
    this.confirmShare = Double.parseDouble(options.getOrDefault("confirmShare", "0.1"));
    this.validate = Boolean.parseBoolean(options.getOrDefault("validate", "true"));
  }

  void run() {
    System.out.println(
        "3. Targets per probe invocation in a 60 s slot (3 HTTPS paths each, a full TLS handshake"
            + " per probe; JAVA_TOOL_OPTIONS="
            + FunctionBenchmark.TIERED_C1
            + ", Lambda java21's default)");
    CpuAccounting accounting = new CpuAccounting();
    EmulatedAws aws = EmulatedAws.provision(bench.emulator());
    bench.register(aws, bench.server().targets("cpu", cpuTargets));
    Stats perProbe = new Stats();
    Stats proberPerProbe = new Stats();
    Stats wall = new Stats();
    double coldCpu;
    int coldPaths;
    try (LambdaEmulator fn =
        LambdaEmulator.builder(FunctionPackage.probe())
            .region("eu-west-1")
            .memoryMb(1024)
            .timeout(Duration.ofSeconds(60))
            .environment(FunctionBenchmark.environment(aws))
            .javaToolOptions(FunctionBenchmark.TIERED_C1)
            .start()) {
      JsonNode cold = round(fn, cpuTargets);
      coldPaths = cold.path("paths").asInt();
      coldCpu = cpuMillis(fn);
      for (int i = 0; i < warmRounds; i++) {
        double before = cpuMillis(fn);
        JsonNode warm = round(fn, cpuTargets);
        double used = cpuMillis(fn) - before;
        perProbe.add(used / warm.path("paths").asInt());
        proberPerProbe.add(
            warm.path("prober").path("cpuMs").asDouble() / warm.path("paths").asInt());
        wall.add(warm.path("elapsedMs").asDouble());
      }
    }
    double c = perProbe.median();
    System.out.printf(
        Locale.ROOT,
        "   measured (probe function, no CPU limit): cold, the JVM's CPU through its first round of"
            + " %d paths, init included: %,.0f ms (%.2f ms per path-probe); warm: %.2f ms CPU per"
            + " path-probe (median of %d, %.2f-%.2f), a round of %d paths in %s wall%n",
        coldPaths,
        coldCpu,
        coldCpu / coldPaths,
        c,
        perProbe.count(),
        perProbe.min(),
        perProbe.max(),
        cpuTargets * 3,
        wall.millis());
    compareWithBlackbox(c, proberPerProbe.median());
    double window =
        SLOT_SECONDS - MARGIN_SECONDS - WRITE_RESERVE_SECONDS - CONFIRMATION_DELAY_SECONDS;
    System.out.printf(
        Locale.ROOT,
        "   computed from the measured CPU per path-probe: %.0f s of probing per 60 s slot (minus"
            + " %.0f s deadline margin, %.0f s write reserve, %.0f s confirmation back-off),"
            + " %.0f %% of the paths reserved for confirmation; vCPU = memory / 1,769 MB%n",
        window,
        MARGIN_SECONDS,
        WRITE_RESERVE_SECONDS,
        CONFIRMATION_DELAY_SECONDS,
        confirmShare * 100);
    System.out.printf(
        Locale.ROOT,
        "   %-8s %-7s %-20s %-34s %s%n",
        "memory",
        "vCPU",
        "probes in flight",
        "targets: CPU of the 60 s slot",
        "shards for 10,000 targets");
    List<Capacity> capacities = new ArrayList<>();
    for (int memory : MEMORY_SIZES) {
      double vcpu = memory / MB_PER_VCPU;
      int slot = (int) Math.floor(window * vcpu * 1000 / (3 * c * (1 + confirmShare)));
      capacities.add(new Capacity(memory, slot));
      System.out.printf(
          Locale.ROOT,
          "   %-8s %-7.3f %-20d %-34s %d%n",
          memory + " MB",
          vcpu,
          ProbeClient.maxOpenConnectionsFor(vcpu),
          String.format(Locale.ROOT, "%,d (%.1f CPU-s)", slot, window * vcpu),
          (int) Math.ceil(10_000.0 / Math.max(1, slot)));
    }
    if (validate) {
      validate(capacities);
    }
    System.out.println("   " + accounting.describe());
  }

  /**
   * blackbox_exporter on the same server, the same {@code cpuTargets} x 3 URLs, {@code warmRounds}
   * + 1 rounds in one exporter process (its first round is its cold one), at most 256 probes in
   * flight: its CPU per probe (from its {@code /proc/<pid>}) beside the function's. The function's
   * figure is its whole invocation per path-probe (the registry read, the round's writes, EMF); its
   * prober's own CPU (the summary's {@code prober.cpuMs}: the process's CPU while the probes ran)
   * is the like-for-like figure.
   */
  private void compareWithBlackbox(double functionMsPerProbe, double proberMsPerProbe) {
    Optional<Path> binary;
    try {
      binary = BlackboxExporter.binaryOrInstall(s -> System.out.println("   blackbox: " + s));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (binary.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "   probe function: %.2f CPU-ms per path-probe (its prober %.2f); blackbox_exporter"
              + " missing, no comparison%n",
          functionMsPerProbe,
          proberMsPerProbe);
      return;
    }
    List<URI> urls = bench.server().urls("cpu", cpuTargets);
    // The window the function spread its measuring rounds over (ProbeClient.spreadFor: 1 ms of
    // CPU per HTTPS probe at a quarter of the 1,024 MB share, at most a quarter of the 60 s slot).
    Duration window =
        Duration.ofMillis(
            (long)
                Math.min(SLOT_SECONDS * 1000 / 4, urls.size() * 1.0 / (1024 / MB_PER_VCPU * 0.25)));
    Stats burstPerProbe = new Stats();
    Stats spreadPerProbe = new Stats();
    int failed = 0;
    String version;
    Path ca = null;
    try {
      version = BlackboxExporter.version(binary.get());
      ca = Files.createTempFile("probefleet-bench-ca", ".pem");
      Files.writeString(ca, bench.server().caPem());
      try (BlackboxExporter exporter = BlackboxExporter.start(binary.get(), ca)) {
        // A first round at once (the exporter's cold one), then warmRounds at once and warmRounds
        // spread over the function's window.
        for (int round = 0; round <= 2 * warmRounds; round++) {
          Duration spread = round > warmRounds ? window : Duration.ZERO;
          double before = cpuMillis(exporter.pid());
          BlackboxExporter.Answers answers =
              exporter.probeAll(urls, 256, BlackboxExporter.HTTPS_MODULE, spread);
          double used = cpuMillis(exporter.pid()) - before;
          failed += urls.size() - answers.ok();
          if (round > warmRounds) {
            spreadPerProbe.add(used / urls.size());
          } else if (round > 0) {
            burstPerProbe.add(used / urls.size());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("   blackbox_exporter could not run: " + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } finally {
      if (ca != null) {
        try {
          Files.deleteIfExists(ca);
        } catch (IOException e) {
          // a temp file left behind is harmless
        }
      }
    }
    double spread = spreadPerProbe.median();
    double burst = burstPerProbe.median();
    System.out.printf(
        Locale.ROOT,
        "   beside blackbox_exporter %s on the same %,d URLs (%d probes of its %d rounds failed):"
            + " %.2f CPU-ms per probe with its probes started evenly over %.1f s, the window the"
            + " function spread its rounds over (as Prometheus spreads scrapes); %.2f started at"
            + " once (256 in flight)%n",
        version,
        urls.size(),
        failed,
        2 * warmRounds + 1,
        spread,
        window.toMillis() / 1000.0,
        burst);
    System.out.printf(
        Locale.ROOT,
        "   probe function: its prober (summary prober.cpuMs) %.2f CPU-ms per path-probe (%.2fx"
            + " blackbox spread alike, %.2fx at once); the whole invocation %.2f (registry read,"
            + " the round's writes, EMF: %.2fx, %.2fx)%n",
        proberMsPerProbe,
        proberMsPerProbe / spread,
        proberMsPerProbe / burst,
        functionMsPerProbe,
        functionMsPerProbe / spread,
        functionMsPerProbe / burst);
    System.out.printf(
        Locale.ROOT,
        "probe function probes: prober %.2f, invocation %.2f CPU-ms/probe vs blackbox %.2f spread"
            + " alike (%.2fx), %.2f at once%n",
        proberMsPerProbe,
        functionMsPerProbe,
        spread,
        proberMsPerProbe / spread,
        burst);
  }

  private static double cpuMillis(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e6)
        .orElseThrow(() -> new IllegalStateException("no process " + pid + " to measure"));
  }

  /**
   * The function at the computed capacity under each memory size's CPU share, with the settings it
   * has by default there (the probes in flight derived from its memory size: with 512 in flight,
   * 512 handshakes shared a third of a CPU and every one of them outlasted its timeout).
   */
  private void validate(List<Capacity> capacities) {
    // Per memory size: the most healthy path-probes one invocation completed, cold and warm.
    Map<Integer, int[]> completed = new java.util.TreeMap<>();
    for (Capacity capacity : capacities) {
      int memory = capacity.memory();
      int targets = capacity.targets();
      double vcpu = memory / MB_PER_VCPU;
      int inFlight = ProbeClient.maxOpenConnectionsFor(vcpu);
      EmulatedAws aws = EmulatedAws.provision(bench.emulator());
      bench.register(aws, bench.server().targets("cap" + memory + "-", targets));
      LambdaEmulator fn;
      try {
        fn =
            LambdaEmulator.builder(FunctionPackage.probe())
                .region("eu-west-1")
                .memoryMb(memory)
                .timeout(Duration.ofSeconds(60))
                .environment(FunctionBenchmark.environment(aws))
                .javaToolOptions(FunctionBenchmark.TIERED_C1)
                .vcpus(vcpu)
                .start();
      } catch (IllegalStateException e) {
        System.out.println(
            "   not run under a CPU limit (the figures above are computed only): "
                + e.getMessage());
        return;
      }
      int[] best = completed.computeIfAbsent(memory, m -> new int[2]);
      try (fn) {
        for (String phase : List.of("cold", "warm")) {
          Invocation invocation =
              fn.invoke(ScheduledInputs.scheduler("0/1", bench.nextSlot().start()));
          String outcome;
          if (invocation.succeeded()) {
            JsonNode r = invocation.json();
            int healthy = r.path("paths").asInt() - r.path("failing").asInt();
            int slot = phase.equals("cold") ? 0 : 1;
            best[slot] = Math.max(best[slot], healthy);
            boolean ok =
                r.path("complete").asBoolean()
                    && r.path("failing").asInt() == 0
                    && r.path("unprobed").asInt() == 0
                    && r.path("notWritten").asInt() == 0
                    && r.path("targets").asInt() == targets;
            outcome =
                String.format(
                    Locale.ROOT,
                    "%s: %d paths probed, %d failing, %d unprobed, %d written, %d not written,"
                        + " round %,d ms%s",
                    ok ? "FITS" : "DOES NOT FIT",
                    r.path("paths").asInt(),
                    r.path("failing").asInt(),
                    r.path("unprobed").asInt(),
                    r.path("written").asInt(),
                    r.path("notWritten").asInt(),
                    r.path("elapsedMs").asLong(),
                    phase.equals("cold")
                        ? String.format(
                            Locale.ROOT,
                            "; INIT %,d ms under the limit",
                            fn.initDuration().map(Duration::toMillis).orElse(-1L))
                        : "");
          } else {
            outcome = "FAILED: " + invocation.body();
          }
          System.out.printf(
              Locale.ROOT,
              "   under a cgroup CPU quota of %.3f vCPU (%d MB), %,d targets, %d in flight, %s"
                  + " invocation: %s%n",
              vcpu,
              memory,
              targets,
              inFlight,
              phase,
              outcome);
        }
      }
    }
    completed.forEach(
        (memory, best) ->
            System.out.printf(
                Locale.ROOT,
                "   measured under the %d MB share: one invocation probed %,d paths healthy warm"
                    + " (%,d cold) before its round deadline: about %,d targets per invocation"
                    + " (%,d on a cold start)%n",
                memory,
                best[1],
                best[0],
                best[1] / 3,
                best[0] / 3));
  }

  private JsonNode round(LambdaEmulator fn, int targets) {
    Invocation invocation = fn.invoke(ScheduledInputs.scheduler("0/1", bench.nextSlot().start()));
    JsonNode r = invocation.result();
    if (r.path("targets").asInt() != targets
        || r.path("failing").asInt() != 0
        || r.path("unprobed").asInt() != 0
        || !r.path("complete").asBoolean()) {
      throw new IllegalStateException(
          "the measuring round did not probe " + targets + " healthy targets: " + r);
    }
    return r;
  }

  private static double cpuMillis(LambdaEmulator fn) {
    return fn.functionProcess()
        .flatMap(p -> p.info().totalCpuDuration())
        .map(d -> d.toNanos() / 1e6)
        .orElseThrow(() -> new IllegalStateException("no function JVM to measure"));
  }
}
