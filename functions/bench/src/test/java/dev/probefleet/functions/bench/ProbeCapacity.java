package dev.probefleet.functions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.functions.rie.FunctionPackage;
import dev.probefleet.functions.rie.Invocation;
import dev.probefleet.functions.rie.LambdaEmulator;
import dev.probefleet.functions.rie.ScheduledInputs;
import dev.probefleet.localstack.EmulatedAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * <p>Computed: of the 60 s slot (the function's timeout), {@code probefleet.lambda.deadline-margin}
 * (2 s) and {@code probefleet.probe.write-reserve} (5 s) are kept back and the confirmation's
 * back-off (3 s) is idle, leaving 50 s of probing; a share {@code confirmShare} (default 10 %) of
 * the paths is reserved for the fast confirmation of failing paths. Targets = 50 s × vCPU / (3 ×
 * CPU per path-probe × (1 + confirmShare)). The write CPU is counted in the per-probe figure,
 * though the writes run in their own reserve: the figure errs low.
 *
 * <p>Then, where the machine lets this process create a CPU cgroup (root), the function runs with
 * that many targets under each memory size's CPU share (a CFS quota of memory / 1,769 MB of a CPU),
 * cold and then warm, and the answer says whether the round completed within the deadline.
 */
final class ProbeCapacity {
  static final double MB_PER_VCPU = 1769;
  private static final double SLOT_SECONDS = 60;
  private static final double MARGIN_SECONDS = 2;
  private static final double WRITE_RESERVE_SECONDS = 5;
  private static final double CONFIRMATION_DELAY_SECONDS = 3;
  private static final int[] MEMORY_SIZES = {512, 1024};

  private final FunctionBenchmark bench;
  private final int cpuTargets;
  private final int warmRounds;
  private final double confirmShare;
  private final boolean validate;

  ProbeCapacity(FunctionBenchmark bench, Map<String, String> options) {
    this.bench = bench;
    this.cpuTargets = Integer.parseInt(options.getOrDefault("cpuTargets", "200"));
    this.warmRounds = Integer.parseInt(options.getOrDefault("warmRounds", "3"));
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
        "   %-8s %-8s %-16s %-22s %s%n",
        "memory",
        "vCPU",
        "CPU-s to probe",
        "targets per invocation",
        "shards for 10,000 targets");
    List<int[]> capacities = new ArrayList<>();
    for (int memory : MEMORY_SIZES) {
      double vcpu = memory / MB_PER_VCPU;
      int targets = (int) Math.floor(window * vcpu * 1000 / (3 * c * (1 + confirmShare)));
      capacities.add(new int[] {memory, targets});
      System.out.printf(
          Locale.ROOT,
          "   %-8s %-8.3f %-16.1f %-22s %d%n",
          memory + " MB",
          vcpu,
          window * vcpu,
          String.format(Locale.ROOT, "%,d", targets),
          (int) Math.ceil(10_000.0 / Math.max(1, targets)));
    }
    if (validate) {
      validate(capacities);
    }
    System.out.println("   " + accounting.describe());
  }

  /** The function at the computed capacity under each memory size's CPU share. */
  private void validate(List<int[]> capacities) {
    for (int[] capacity : capacities) {
      int memory = capacity[0];
      int targets = capacity[1];
      double vcpu = memory / MB_PER_VCPU;
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
      try (fn) {
        for (String phase : List.of("cold", "warm")) {
          Invocation invocation =
              fn.invoke(ScheduledInputs.scheduler("0/1", bench.nextSlot().start()));
          String outcome;
          if (invocation.succeeded()) {
            JsonNode r = invocation.json();
            boolean ok =
                r.path("complete").asBoolean()
                    && r.path("unprobed").asInt() == 0
                    && r.path("notWritten").asInt() == 0
                    && r.path("targets").asInt() == targets;
            outcome =
                String.format(
                    Locale.ROOT,
                    "%s: %d paths probed, %d unprobed, %d written, %d not written, round %,d ms%s",
                    ok ? "FITS" : "DOES NOT FIT",
                    r.path("paths").asInt(),
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
              "   under a cgroup CPU quota of %.3f vCPU (%d MB), %,d targets, %s invocation: %s%n",
              vcpu,
              memory,
              targets,
              phase,
              outcome);
        }
      }
    }
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
