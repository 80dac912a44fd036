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
  void oneLinePerPathWithPathAndRegionDimensionsAndTheTargetAsAProperty() throws Exception {
    var metrics =
        new EmfMetrics(
            new PrintStream(out, true, StandardCharsets.UTF_8), "probefleet", false, clock);
    metrics.round(Samples.round("shop", "2026-11-24T09:01:00Z", "us-east-1", 502));
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(3);
    JsonNode cdn = lines.get(0);
    JsonNode directive = cdn.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(cdn.path("_aws").path("Timestamp").asLong()).isEqualTo(clock.millis());
    assertThat(directive.path("Namespace").asText()).isEqualTo("probefleet");
    assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"path\",\"region\"]]");
    assertThat(cdn.path("path").asText()).isEqualTo("cdn");
    assertThat(cdn.path("region").asText()).isEqualTo("us-east-1");
    assertThat(cdn.path("target").asText()).isEqualTo("shop");
    assertThat(cdn.path("class").asText()).isEqualTo("HTTP_5XX");
    assertThat(cdn.path("ProbeFailure").asDouble()).isEqualTo(1.0);
    assertThat(cdn.path("TotalTime").asDouble()).isEqualTo(47.1);
    // every metric named in the directive is present in the line, as EMF requires
    for (JsonNode m : directive.path("Metrics")) {
      if (!m.path("Name").asText().equals("DnsTime")
          && !m.path("Name").asText().equals("TlsTime")) {
        assertThat(cdn.has(m.path("Name").asText())).as(m.path("Name").asText()).isTrue();
      }
    }
    assertThat(lines.get(2).has("DnsTime")).isFalse(); // the origin (IP literal) never resolved
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
