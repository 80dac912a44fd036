package dev.probefleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.aws.SubscribedQueue;
import dev.probefleet.definitions.Topics;
import dev.probefleet.incident.Incidents;
import dev.probefleet.lab.server.ClosedPort;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetStatus;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The composition root against the AWS emulator: the probe service of two regions writes to the
 * home region's tables, the analyzer opens an incident after one confirmed round and alerts through
 * SNS — every object built from configuration alone, as the Lambda functions will.
 */
@ExtendWith(AwsEmulatorExtension.class)
class FleetOnTheEmulatorIT {

  @Test
  void twoRegionsProbeTheAnalyzerOpensAnIncidentAndTheAlertGoesOut(EmulatedAws aws) {
    String topic = aws.resources().topicArn(Topics.ALERTS);
    SubscribedQueue queue =
        SubscribedQueue.subscribe(
            aws.sqs(), aws.sns(), topic, aws.names().prefix() + "-fleet", true, null);
    String endpoint = aws.emulator().endpoint().toString();
    String home = aws.emulator().region().id();
    try (ClosedPort closed = ClosedPort.reserve();
        Fleet fleet =
            Fleet.start(
                Map.of(
                    "probefleet.region", "eu-west-1",
                    "probefleet.home-region", home,
                    "probefleet.store.kind", "dynamodb",
                    "probefleet.store.table-prefix", aws.names().prefix(),
                    "probefleet.aws.endpoint", endpoint,
                    "probefleet.alerts.topic-arn", topic,
                    "probefleet.analyzer.expected-regions", "eu-west-1,us-east-1",
                    "probefleet.probe.confirmation-delay", "200ms",
                    "probefleet.probe.default-timeout", "2s"))) {
      DynamoDbClient dynamo =
          fleet.context().getBean(DynamoDbClient.class, Qualifiers.byName("home"));
      assertThat(dynamo.serviceClientConfiguration().region()).isEqualTo(Region.of(home));
      assertThat(
              dynamo
                  .serviceClientConfiguration()
                  .overrideConfiguration()
                  .retryStrategy()
                  .orElseThrow()
                  .maxAttempts())
          .as("no SDK retries under the project's retrier")
          .isEqualTo(1);

      URI refused = URI.create("http://127.0.0.1:" + closed.port() + "/health");
      Target shop =
          new Target(
              "shop",
              RequestSpec.DEFAULT,
              ExpectSpec.DEFAULT,
              BurstSpec.SINGLE,
              Optional.of(PathSpec.of(PathKind.CDN, 0, refused)),
              Optional.of(PathSpec.of(PathKind.LB, 0, refused)),
              List.of(PathSpec.of(PathKind.ORIGIN, 0, refused)));
      fleet.get(TargetRegistry.class).apply(List.of(shop), true);

      ProbeService probe = fleet.get(ProbeService.class);
      RoundSlot slot = RoundSlot.containing(Instant.now(), Duration.ofMinutes(1));
      for (String region : List.of("us-east-1", "eu-west-1")) {
        ProbeReport report = probe.probe(region, Shard.ALL, slot, Instant.now().plusSeconds(30));
        assertThat(report.complete()).as(report.toString()).isTrue();
        assertThat(report.failing()).isEqualTo(3);
        assertThat(report.confirmed()).as("every failing path confirmed once").isEqualTo(3);
      }
      List<RoundRecord> stored =
          fleet.get(RoundStore.class).slot("shop", slot, Instant.now().plusSeconds(10));
      assertThat(stored).extracting(RoundRecord::region).containsExactly("eu-west-1", "us-east-1");
      assertThat(stored).allSatisfy(r -> assertThat(r.confirmations()).hasSize(3));

      AnalyzerService analyzer = fleet.get(AnalyzerService.class);
      AnalysisReport analysis = analyzer.analyze(slot, Instant.now().plusSeconds(30));
      assertThat(analysis.complete()).as(analysis.toString()).isTrue();
      String id = Incidents.incidentId("shop", slot);
      assertThat(analysis.alertsPublished())
          .as("a confirmed hard failure opens an incident after one scheduled round")
          .containsExactly(id + "-1");

      List<JsonNode> alerts = queue.receive(1).stream().map(SubscribedQueue::json).toList();
      assertThat(alerts).extracting(j -> j.path("alertId").asText()).containsExactly(id + "-1");
      assertThat(alerts.get(0).path("layer").asText()).isEqualTo("ORIGIN");

      TargetStatus status = fleet.get(IncidentStore.class).statuses(List.of("shop")).get("shop");
      assertThat(status.layer()).isEqualTo(Layer.ORIGIN);
      assertThat(status.open()).isPresent();
      assertThat(status.regions()).containsOnlyKeys("eu-west-1", "us-east-1");
      assertThat(status.missingRegions()).isEmpty();
    }
  }
}
