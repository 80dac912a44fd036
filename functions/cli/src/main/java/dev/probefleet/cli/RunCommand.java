package dev.probefleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.config.TargetsLoader;
import dev.probefleet.incident.Transition;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.run.RoundLoop;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.TargetRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code probefleet run}: the whole fleet in one process — the targets file loaded into the
 * registry, then a round every interval, each analysed as it ends (incidents, alerts) and reported
 * as a line of text or JSON. The same services the Lambda functions call ({@link RoundLoop} over
 * {@link ProbeService} and {@link AnalyzerService}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the fleet on this machine: probe every target of a targets file each interval, analyse"
          + " each round (incidents, alerts), keep the history in a store.",
      "",
      "Examples:",
      "  probefleet run --config targets.yaml                  # DynamoDB Local under ./data",
      "  probefleet run --config targets.yaml --interval 30s --output json",
      "  probefleet run --config targets.yaml --store aws --sns-topic-arn arn:aws:sns:…",
      "  probefleet run --config targets.yaml --store endpoint=http://127.0.0.1:4566"
    },
    footer = {
      "",
      "Ctrl-C lets the round in flight finish, then stops. Exit status: 0 stopped (or --rounds"
          + " done); 2 bad usage or configuration; 3 an internal error."
    })
final class RunCommand implements Callable<Integer> {

  enum Output {
    text,
    json
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The targets file (YAML); loaded into the store's registry at start.")
  Path config;

  @Option(
      names = "--interval",
      paramLabel = "D",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Time between the starts of two rounds, 1s to 1h (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      defaultValue = "local",
      description =
          "local (DynamoDB Local under --data), memory (nothing kept), aws (default credentials and"
              + " region) or endpoint=URL (an emulator). Default ${DEFAULT-VALUE}.")
  String store;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "The local store's directory (default ./${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--sns-topic-arn",
      paramLabel = "ARN",
      description = "Also publish alerts to this SNS topic (alerts always go to the console).")
  String topicArn;

  @Option(
      names = "--region",
      paramLabel = "NAME",
      defaultValue = "local",
      description = "Probe as this region (default ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--resolver",
      paramLabel = "HOST:PORT",
      description = "Resolve host names with this DNS server instead of the system's.")
  String resolver;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N rounds (default: run until Ctrl-C).")
  int rounds;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (a line per round and per target) or json (one JSON document per round and line;"
              + " alerts then go to stderr). Default ${DEFAULT-VALUE}.")
  Output output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (interval.compareTo(Duration.ofSeconds(1)) < 0
        || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new UsageException("--interval must be between 1s and 1h, got " + interval);
    }
    if (rounds < 0) {
      throw new UsageException("--rounds must not be negative, got " + rounds);
    }
    TargetsConfig targets = TargetsLoader.load(config);
    FleetProperties properties = new FleetProperties();
    store(properties);
    properties.set("probefleet.region", region);
    properties.set("probefleet.home-region", homeRegion());
    properties.set("probefleet.interval", interval.toMillis() + "ms");
    properties.set("probefleet.analyzer.expected-regions", region);
    properties.set("probefleet.analyzer.grace", "0s");
    properties.set("probefleet.alerts.console", "true");
    properties.set("probefleet.alerts.console-stream", output == Output.json ? "stderr" : "stdout");
    properties.flag("--sns-topic-arn", "probefleet.alerts.topic-arn", topicArn);
    properties.flag("--resolver", "probefleet.probe.resolver", resolver);
    // Time kept for writing and the fast confirmation's back-off shrink with short intervals.
    Duration probing = interval.multipliedBy(3).dividedBy(4);
    properties.set(
        "probefleet.probe.write-reserve",
        min(Duration.ofSeconds(5), probing.dividedBy(5)).toMillis() + "ms");
    properties.set(
        "probefleet.probe.confirmation-delay",
        min(Duration.ofSeconds(3), probing.dividedBy(5)).toMillis() + "ms");
    targets
        .fingerprintRules()
        .ifPresent(
            rules -> {
              properties.set("probefleet.fingerprint.rules", rules.content());
              properties.set("probefleet.fingerprint.rules-source", rules.source());
            });
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Fleet fleet = properties.start()) {
      properties.get(fleet, TargetRegistry.class).apply(targets.targets(), true);
      RoundLoop loop =
          new RoundLoop(
              properties.get(fleet, ProbeService.class),
              properties.get(fleet, AnalyzerService.class),
              region,
              interval,
              Clock.systemUTC());
      err.println(
          "run: "
              + targets.targets().size()
              + " target(s) from "
              + config
              + ", a round every "
              + interval.toMillis() / 1000.0
              + " s, store "
              + store
              + (store.equals("local") ? " (" + data.toAbsolutePath() + ")" : "")
              + "; Ctrl-C to stop");
      err.flush();
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                loop.stop();
                try {
                  // The round in flight ends by its slot's end; then the store closes.
                  finished.await(interval.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "probefleet-run-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        loop.run(rounds, output == Output.json ? new JsonLines(out) : new TextLines(out));
      } finally {
        finished.countDown();
        if (!loop.stopping()) {
          Runtime.getRuntime().removeShutdownHook(hook);
        }
      }
    }
    return ExitStatus.OK;
  }

  private void store(FleetProperties properties) {
    String kind = store.trim();
    if (kind.equals("local")) {
      properties.set("probefleet.store.kind", "local");
      properties.set("probefleet.store.data-dir", data.toString());
    } else if (kind.equals("memory")) {
      properties.set("probefleet.store.kind", "memory");
    } else if (kind.equals("aws")) {
      properties.set("probefleet.store.kind", "dynamodb");
    } else if (kind.startsWith("endpoint=") && kind.length() > "endpoint=".length()) {
      properties.set("probefleet.store.kind", "dynamodb");
      properties.flag("--store", "probefleet.aws.endpoint", kind.substring("endpoint=".length()));
    } else {
      throw new UsageException(
          "--store: '" + store + "' is not one of local, memory, aws, endpoint=URL");
    }
  }

  /**
   * Where the tables (and the topic's client) live: with {@code --store aws}, the region of the
   * default provider chain (AWS_REGION, the profile); elsewhere the probing region, or us-east-1
   * for the default region name {@code local} (emulators take any).
   */
  private String homeRegion() {
    if (store.trim().equals("aws")) {
      try {
        return new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (SdkClientException e) {
        throw new UsageException(
            "--store aws: no AWS region configured (set AWS_REGION or a profile's region)");
      }
    }
    return region.equals("local") ? "us-east-1" : region;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A line per round, then a line per target with its verdict and what changed. */
  private record TextLines(PrintWriter out) implements RoundLoop.Listener {
    @Override
    public void cycle(RoundLoop.Cycle c) {
      out.printf(
          "%s round %d (slot %s): %d target(s), %d path(s), %d failing, %d unprobed, %.1f s%s%s%n",
          TIME.format(c.started()),
          c.number(),
          c.slot().id(),
          c.probe().rounds().size(),
          c.probe().paths(),
          c.probe().failing(),
          c.probe().unprobed(),
          c.took().toMillis() / 1000.0,
          c.slow() ? " — SLOW: longer than the interval" : "",
          c.skipped().isEmpty() ? "" : " — " + c.skipped().size() + " slot(s) skipped");
      for (TargetAnalysis t : c.analysis().targets()) {
        String verdict =
            t.verdict()
                .map(v -> v.layer() + " " + v.cause() + " " + v.severity())
                .orElse(
                    switch (t.status()) {
                      case UP_TO_DATE -> "this slot was analysed already (a restart within it)";
                      case NO_ROUNDS -> "no complete round to analyse";
                      default -> t.status().toString();
                    });
        String changes =
            t.transitions().stream()
                .map(tr -> tr.kind() + " " + tr.incidentId())
                .collect(Collectors.joining(", "));
        out.printf(
            "  %-24s %s%s%n", t.target(), verdict, changes.isEmpty() ? "" : "  [" + changes + "]");
      }
      c.analysis().errors().forEach(e -> out.println("  problem: " + e));
      out.flush();
    }

    @Override
    public void failed(
        int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
      out.printf(
          "%s round %d (slot %s) FAILED: %s%n",
          TIME.format(Instant.now()), number, slot.id(), problem.toString());
      out.flush();
    }
  }

  /** One JSON document per round, on one line (schemaVersion 1). */
  private record JsonLines(PrintWriter out) implements RoundLoop.Listener {
    @Override
    public void cycle(RoundLoop.Cycle c) {
      ObjectNode line = JSON.createObjectNode();
      line.put("schemaVersion", 1);
      line.put("round", c.number());
      line.put("slot", c.slot().id());
      line.put("started_at", c.started().toString());
      line.put("took_ms", c.took().toMillis());
      line.put("slow", c.slow());
      ArrayNode skipped = line.putArray("skipped_slots");
      c.skipped().forEach(s -> skipped.add(s.id()));
      line.put("paths", c.probe().paths());
      line.put("failing", c.probe().failing());
      line.put("unprobed", c.probe().unprobed());
      line.put("complete", c.probe().complete());
      ArrayNode targets = line.putArray("targets");
      for (TargetAnalysis t : c.analysis().targets()) {
        ObjectNode target = targets.addObject();
        target.put("name", t.target());
        target.put("status", t.status().toString());
        if (t.verdict().isPresent()) {
          Verdict v = t.verdict().get();
          ObjectNode verdict = target.putObject("verdict");
          verdict.put("layer", v.layer().toString());
          verdict.put("cause", v.cause().toString());
          verdict.put("severity", v.severity().toString());
          verdict.put("summary", v.summary());
        } else {
          target.putNull("verdict");
        }
        ArrayNode transitions = target.putArray("transitions");
        for (Transition tr : t.transitions()) {
          ObjectNode transition = transitions.addObject();
          transition.put("kind", tr.kind().toString());
          transition.put("incident_id", tr.incidentId());
          transition.put("number", tr.number());
        }
      }
      ObjectNode alerts = line.putObject("alerts");
      alerts.put("published", c.analysis().alertsPublished().size());
      alerts.put("pending", c.analysis().alertsPending().size());
      alerts.put("dead_lettered", c.analysis().alertsDeadLettered().size());
      ArrayNode problems = line.putArray("problems");
      c.analysis().errors().forEach(problems::add);
      out.println(line.toString());
      out.flush();
    }

    @Override
    public void failed(
        int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
      ObjectNode line = JSON.createObjectNode();
      line.put("schemaVersion", 1);
      line.put("round", number);
      line.put("slot", slot.id());
      line.put("failed", problem.toString());
      out.println(line.toString());
      out.flush();
    }
  }
}
