package dev.probefleet.functions.rie;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.definitions.Tables;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.functions.plain.PlainEnvironment;
import dev.probefleet.functions.plain.PlainFleet;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.probing.ProbeReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet's state laid down in this process, with the real services on the emulator's tables: the
 * registered targets probed for a slot by one region (the probe service, as {@link PlainFleet}
 * builds it), then that slot analysed (the analyzer service; its alerts go nowhere). What the query
 * API then reads: statuses with verdicts, open incidents, last rounds.
 */
public final class FleetState {
  private FleetState() {}

  /**
   * Probes the registry as {@code region} for {@code slot} and writes the rounds.
   *
   * @param environment extra settings ({@code PROBEFLEET_PROBE_RESOLVER} …)
   */
  public static ProbeReport probed(
      EmulatedAws aws, String region, RoundSlot slot, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(FunctionEnvironments.onEmulator(aws));
    env.put("PROBEFLEET_REGION", region);
    env.put("PROBEFLEET_PROBE_CONFIRMATION_DELAY", "200ms");
    env.putAll(environment);
    ProbeReport report =
        new PlainFleet(PlainEnvironment.of(env))
            .probeService()
            .probe(region, Shard.ALL, slot, Instant.now().plusSeconds(30));
    if (!report.written().complete()) {
      throw new IllegalStateException("rounds not written: " + report);
    }
    return report;
  }

  /** Analyses {@code slot}, expecting {@code region} only, and commits the statuses. */
  public static AnalysisReport analysed(EmulatedAws aws, String region, RoundSlot slot) {
    Clock clock = Clock.systemUTC();
    Map<String, String> env = new HashMap<>(FunctionEnvironments.onEmulator(aws));
    env.put("PROBEFLEET_REGION", region);
    PlainFleet fleet = new PlainFleet(PlainEnvironment.of(env));
    AnalyzerService analyzer =
        new AnalyzerService(
            fleet.targets(),
            new DynamoRoundStore(
                aws.dynamoDb(),
                aws.resources().table(Tables.ROUNDS),
                Duration.ofDays(7),
                Retrier.standard()),
            new DynamoIncidentStore(
                aws.dynamoDb(), aws.resources().table(Tables.INCIDENTS), Retrier.standard(), clock),
            (alert, deadline) -> "not-published",
            MetricsSink.NONE,
            new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
            AnalyzerSettings.DEFAULT.withExpectedRegions(List.of(region)),
            clock);
    AnalysisReport report = analyzer.analyze(slot, Instant.now().plusSeconds(30));
    if (!report.complete()) {
      throw new IllegalStateException("the analysis did not complete: " + report);
    }
    return report;
  }
}
