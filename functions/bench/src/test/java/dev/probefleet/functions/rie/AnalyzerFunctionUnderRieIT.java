package dev.probefleet.functions.rie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.aws.SubscribedQueue;
import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import dev.probefleet.functions.plain.PlainEnvironment;
import dev.probefleet.functions.plain.PlainFleet;
import dev.probefleet.incident.Incidents;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.LabFault;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.store.TargetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged analyzer function ({@code probefleet-analyzer-function.zip}) under aws-lambda-rie,
 * against the emulator's tables and alert topic. A lab target whose origin refuses connections was
 * probed (and confirmed) for a slot three minutes ago, its round written to the rounds table by the
 * probe service in this process; the analyzer's schedule then fires for the slot after it, long
 * past its grace period, so one invocation analyses it at once: it opens an ORIGIN incident and the
 * alert reaches a queue subscribed to the topic.
 */
@ExtendWith(AwsEmulatorExtension.class)
class AnalyzerFunctionUnderRieIT {

  @Test
  void aScheduledInvocationOpensTheIncidentAndPublishesTheAlert(EmulatedAws aws) {
    String region = "eu-west-1";
    String topic = aws.resources().topicArn(Topics.ALERTS);
    SubscribedQueue queue =
        SubscribedQueue.subscribe(
            aws.sqs(), aws.sns(), topic, aws.names().prefix() + "-analyzer", true, null);
    RoundSlot slot =
        RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(3)), Duration.ofMinutes(1));
    try (Lab lab = Lab.builder().lbTls().start()) {
      new DynamoTargetRegistry(
              aws.dynamoDb(),
              aws.resources().table(Tables.TARGETS),
              Retrier.standard(),
              Clock.systemUTC())
          .apply(List.of(lab.target()), true);
      lab.inject(LabFault.ORIGIN_REFUSED);
      Map<String, String> probeEnv = new HashMap<>(FunctionEnvironments.onEmulator(aws));
      probeEnv.put("PROBEFLEET_REGION", region);
      probeEnv.put("PROBEFLEET_PROBE_RESOLVER", "127.0.0.1:" + lab.dnsServer().getPort());
      probeEnv.put("PROBEFLEET_PROBE_CONFIRMATION_DELAY", "200ms");
      ProbeReport probed =
          new PlainFleet(PlainEnvironment.of(probeEnv))
              .probeService()
              .probe(region, Shard.ALL, slot, Instant.now().plusSeconds(30));
      assertThat(probed.failing()).as(probed.toString()).isEqualTo(3);
      assertThat(probed.confirmed()).as("every failing path confirmed").isEqualTo(3);
      assertThat(probed.written().written()).isEqualTo(1);
    }

    try (LambdaEmulator function =
        LambdaEmulator.builder(FunctionPackage.analyzer())
            .region(aws.emulator().region().id())
            .memoryMb(1024)
            .timeout(Duration.ofSeconds(60))
            .environment(FunctionEnvironments.onEmulator(aws))
            .environment("PROBEFLEET_ALERTS_TOPIC_ARN", topic)
            .environment("PROBEFLEET_ANALYZER_EXPECTED_REGIONS", region)
            .start()) {
      Invocation invocation =
          function.invoke(ScheduledInputs.scheduler("0/1", slot.next().start()));

      assertThat(invocation.errorType()).as(invocation.body()).isEmpty();
      JsonNode summary = invocation.result();
      assertThat(summary.path("slot").asText()).isEqualTo(slot.id());
      assertThat(summary.path("shard").asText()).isEqualTo("0/1");
      assertThat(summary.path("targets").asInt()).isEqualTo(1);
      assertThat(summary.path("transitions").asInt()).isEqualTo(1);
      assertThat(summary.path("alertsPublished").asInt()).isEqualTo(1);
      assertThat(summary.path("alertsPending").asInt()).isZero();
      assertThat(summary.path("errors")).isEmpty();
      assertThat(summary.path("complete").asBoolean()).isTrue();
      assertThat(invocation.elapsed())
          .as("the slot's grace period was long over: no wait")
          .isLessThan(Duration.ofSeconds(30));
    }

    String incident = Incidents.incidentId("shop", slot);
    List<JsonNode> alerts = queue.receive(1).stream().map(SubscribedQueue::json).toList();
    assertThat(alerts).extracting(a -> a.path("alertId").asText()).containsExactly(incident + "-1");
    assertThat(alerts.get(0).path("layer").asText()).isEqualTo("ORIGIN");

    TargetStatus status =
        new DynamoIncidentStore(
                aws.dynamoDb(),
                aws.resources().table(Tables.INCIDENTS),
                Retrier.standard(),
                Clock.systemUTC())
            .statuses(List.of("shop"))
            .get("shop");
    assertThat(status.layer()).isEqualTo(Layer.ORIGIN);
    assertThat(status.open()).as("the incident is open").isPresent();
  }
}
