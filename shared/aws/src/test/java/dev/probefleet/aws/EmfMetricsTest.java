package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.aws.metrics.EmfMetrics;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import dev.probefleet.store.contract.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EMF is verified by capturing the log output, as CloudWatch would read it. */
class EmfMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:01:05Z"), ZoneOffset.UTC);

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void aRoundsPathsAreAggregatedPerPathAndRegionAndAFailingPathIsAlsoLoggedAsAnEvent()
      throws Exception {
    var metrics =
        new EmfMetrics(
            new PrintStream(out, true, StandardCharsets.UTF_8), "probefleet", false, clock);
    metrics.round(Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 502));
    metrics.round(Samples.round("cart", "2026-11-24T09:01:00Z", "us-east-1", 200));
    List<JsonNode> events = lines();
    assertThat(events).as("before flush: only the failure event").hasSize(1);
    assertThat(events.get(0).has("_aws")).isFalse();
    assertThat(events.get(0).path("event").asText()).isEqualTo("probe_failure");
    assertThat(events.get(0).path("target").asText()).isEqualTo("shop");
    assertThat(events.get(0).path("class").asText()).isEqualTo("HTTP_5XX");
    assertThat(events.get(0).path("status").asInt()).isEqualTo(502);

    out.reset();
    metrics.flush();
    List<JsonNode> lines = lines();
    assertThat(lines)
        .extracting(l -> l.path("path").asText())
        .containsExactly("cdn", "lb", "origin");
    JsonNode cdn = lines.get(0);
    JsonNode directive = cdn.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(cdn.path("_aws").path("Timestamp").asLong()).isEqualTo(clock.millis());
    assertThat(directive.path("Namespace").asText()).isEqualTo("probefleet");
    assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"path\",\"region\"]]");
    assertThat(cdn.path("region").asText()).isEqualTo("us-east-1");
    assertThat(cdn.has("target")).as("no per-target property in an aggregate").isFalse();
    assertThat(cdn.path("ProbeFailure").toString()).isEqualTo("[1.0,0.0]");
    assertThat(cdn.path("TotalTime").toString()).isEqualTo("[47.1,47.1]");
    // every metric named in the directive is present in the line, as EMF requires
    for (JsonNode m : directive.path("Metrics")) {
      assertThat(cdn.has(m.path("Name").asText())).as(m.path("Name").asText()).isTrue();
    }
    JsonNode origin = lines.get(2);
    assertThat(origin.has("DnsTime")).as("the origin (an IP literal) never resolved").isFalse();
    assertThat(origin.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").toString())
        .doesNotContain("DnsTime");

    out.reset();
    metrics.flush();
    assertThat(out.size()).as("a flush starts afresh").isZero();
  }

  @Test
  void aFleetSizedRoundIsWrittenInLinesOfAtMostAHundredValues() throws Exception {
    var metrics =
        new EmfMetrics(
            new PrintStream(out, true, StandardCharsets.UTF_8), "probefleet", false, clock);
    for (int i = 0; i < 250; i++) {
      metrics.round(Samples.round("t" + i, "2026-11-24T09:01:00Z", "eu-west-1", 200));
    }
    metrics.flush();
    List<JsonNode> cdn =
        lines().stream().filter(l -> l.path("path").asText().equals("cdn")).toList();
    assertThat(cdn).extracting(l -> l.path("ProbeFailure").size()).containsExactly(100, 100, 50);
    assertThat(out.size() / 750.0)
        .as("log bytes per probe, aggregated (one line per probe was ~500)")
        .isLessThan(60);
  }

  @Test
  void verdictsAreCountedPerLayerAndRegion() throws Exception {
    var metrics =
        new EmfMetrics(
            new PrintStream(out, true, StandardCharsets.UTF_8), "probefleet", false, clock);
    metrics.verdict("a", "us-east-1", Layer.ORIGIN, Cause.CONNECTION_REFUSED, Severity.PAGE);
    metrics.verdict("b", "us-east-1", Layer.ORIGIN, Cause.HTTP_5XX, Severity.WARN);
    metrics.verdict("c", "us-east-1", Layer.NONE, Cause.NONE, Severity.INFO);
    metrics.flush();
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(lines.get(0).path("Verdicts").asInt()).isEqualTo(2);
    assertThat(lines.get(0).path("Outage").asInt()).isEqualTo(1);
    assertThat(lines.get(0).path("Degraded").asInt()).isEqualTo(1);
    assertThat(lines.get(1).path("layer").asText()).isEqualTo("NONE");
    assertThat(lines.get(1).path("Outage").asInt()).isZero();
  }

  @Test
  void theOutboxAndTheRunsReportTheirOwnHealth() throws Exception {
    var metrics =
        new EmfMetrics(
            new PrintStream(out, true, StandardCharsets.UTF_8), "probefleet", false, clock);
    metrics.outbox(3, false, java.util.Optional.of(java.time.Duration.ofMinutes(5)), 7, 2, 1);
    metrics.analyzerRun(
        java.time.Duration.ofSeconds(25), java.time.Duration.ofMillis(4200), 10, 1, 0, 2);
    metrics.probeRun("eu-west-1", 30, 3, 1, 0, java.time.Duration.ofMillis(900));
    List<JsonNode> lines = lines();
    assertThat(lines.get(0).path("OutboxDepth").asInt()).isEqualTo(3);
    assertThat(lines.get(0).path("OutboxOldestAge").asDouble()).isEqualTo(300.0);
    assertThat(lines.get(0).path("AlertsDeadLettered").asInt()).isEqualTo(1);
    assertThat(lines.get(1).path("AnalyzerSlotLag").asDouble()).isEqualTo(25.0);
    assertThat(lines.get(1).path("SilentRegions").asInt()).isEqualTo(2);
    assertThat(lines.get(2).path("region").asText()).isEqualTo("eu-west-1");
    assertThat(lines.get(2).path("PathsUnprobed").asInt()).isEqualTo(1);
    for (JsonNode line : lines) {
      for (JsonNode m : line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")) {
        assertThat(line.has(m.path("Name").asText())).as(m.path("Name").asText()).isTrue();
      }
    }
  }

  @Test
  void perTargetDimensionsAreOptIn() throws Exception {
    var metrics =
        new EmfMetrics(
            new PrintStream(out, true, StandardCharsets.UTF_8), "probefleet", true, clock);
    metrics.verdict(
        "shop", "us-east-1", Layer.LOAD_BALANCER, Cause.UPSTREAM_TIMEOUT, Severity.PAGE);
    JsonNode line = lines().get(0);
    assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
        .isEqualTo("[[\"layer\",\"region\"],[\"target\",\"layer\",\"region\"]]");
    assertThat(line.path("Outage").asInt()).isEqualTo(1);
    assertThat(line.path("cause").asText()).isEqualTo("UPSTREAM_TIMEOUT");
  }
}
