package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.aws.sns.SnsAlertPublisher;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.incident.Incidents;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStatus;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.contract.Rounds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analyzer on the emulator end to end: probe rounds in the rounds table, incidents in the
 * incidents table, alerts through the SNS topic to SQS subscribers, one of them filtering on the
 * layer.
 */
@ExtendWith(AwsEmulatorExtension.class)
class AnalyzerLifecycleIT {

  @Test
  void twoIncidentsOpenAndResolveAndEverySubscriberGetsItsAlerts(EmulatedAws aws) {
    String topic = aws.resources().topicArn(Topics.ALERTS);
    String prefix = aws.names().prefix();
    SubscribedQueue everything =
        SubscribedQueue.subscribe(aws.sqs(), aws.sns(), topic, prefix + "-all", true, null);
    SubscribedQueue originOnly =
        SubscribedQueue.subscribe(
            aws.sqs(), aws.sns(), topic, prefix + "-origin", true, "{\"layer\": [\"ORIGIN\"]}");
    SubscribedQueue enveloped =
        SubscribedQueue.subscribe(aws.sqs(), aws.sns(), topic, prefix + "-envelope", false, null);

    DynamoRoundStore rounds =
        new DynamoRoundStore(
            aws.dynamoDb(),
            aws.resources().table(Tables.ROUNDS),
            Duration.ofDays(7),
            Retrier.standard());
    DynamoTargetRegistry registry =
        new DynamoTargetRegistry(
            aws.dynamoDb(),
            aws.resources().table(Tables.TARGETS),
            Retrier.standard(),
            Clock.systemUTC());
    DynamoIncidentStore incidents =
        new DynamoIncidentStore(
            aws.dynamoDb(),
            aws.resources().table(Tables.INCIDENTS),
            Retrier.standard(),
            Clock.systemUTC());
    registry.apply(List.of(Rounds.target("shop"), Rounds.target("blog")), true);
    AnalyzerService analyzer =
        new AnalyzerService(
            registry,
            rounds,
            incidents,
            new SnsAlertPublisher(aws.sns(), topic, Retrier.standard()),
            MetricsSink.NONE,
            new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
            AnalyzerSettings.DEFAULT,
            Clock.systemUTC());

    // shop: its origin refuses connections for two slots; blog: CloudFront fails for two slots.
    RoundSlot first =
        RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMinutes(1));
    List<RoundSlot> slots = new ArrayList<>();
    RoundSlot slot = first;
    for (int i = 0; i < 5; i++) {
      List<RoundRecord> written = new ArrayList<>();
      for (String region : List.of("us-east-1", "eu-west-1")) {
        written.add(
            i < 2
                ? Rounds.originRefusing("shop", slot, region)
                : Rounds.healthy("shop", slot, region));
        written.add(
            i < 2 ? Rounds.cdnFailing("blog", slot, region) : Rounds.healthy("blog", slot, region));
      }
      assertThat(rounds.write(written, Instant.now().plusSeconds(30)).complete()).isTrue();
      slots.add(slot);
      slot = slot.next();
    }
    for (RoundSlot s : slots) {
      AnalysisReport report = analyzer.analyze(s, Instant.now().plusSeconds(60));
      assertThat(report.complete()).as(report.toString()).isTrue();
    }

    String shop = Incidents.incidentId("shop", slots.get(1));
    String blog = Incidents.incidentId("blog", slots.get(1));
    List<JsonNode> all = everything.receive(4).stream().map(SubscribedQueue::json).toList();
    assertThat(all)
        .extracting(j -> j.path("alertId").asText())
        .containsExactlyInAnyOrder(shop + "-1", shop + "-2", blog + "-1", blog + "-2");
    assertThat(all)
        .filteredOn(j -> j.path("alertId").asText().equals(shop + "-1"))
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.path("state").asText()).isEqualTo("OPENED");
              assertThat(j.path("target").asText()).isEqualTo("shop");
              assertThat(j.path("layer").asText()).isEqualTo("ORIGIN");
              assertThat(j.path("cause").asText()).isEqualTo("CONNECTION_REFUSED");
              assertThat(j.path("severity").asText()).isEqualTo("PAGE");
              assertThat(j.path("incidentId").asText()).isEqualTo(shop);
              assertThat(j.path("paths").path("origin").get(0).path("class").asText())
                  .isEqualTo("CONNECTION_REFUSED");
            });
    assertThat(all)
        .filteredOn(j -> j.path("alertId").asText().equals(blog + "-2"))
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.path("state").asText()).isEqualTo("RESOLVED");
              assertThat(j.path("layer").asText()).isEqualTo("CDN");
            });

    assertThat(originOnly.receive(2).stream().map(SubscribedQueue::json))
        .extracting(j -> j.path("alertId").asText())
        .containsExactlyInAnyOrder(shop + "-1", shop + "-2");

    List<JsonNode> envelopes = enveloped.receive(4).stream().map(SubscribedQueue::json).toList();
    assertThat(envelopes).hasSize(4);
    for (JsonNode envelope : envelopes) {
      String alertId = envelope.path("MessageAttributes").path("alertId").path("Value").asText();
      assertThat(SubscribedQueue.json(envelope.path("Message").asText()).path("alertId").asText())
          .as("the alertId attribute and the body agree")
          .isEqualTo(alertId);
      assertThat(envelope.path("MessageAttributes").path("layer").path("Value").asText())
          .isIn("ORIGIN", "CDN");
      assertThat(envelope.path("MessageAttributes").path("regions").path("Type").asText())
          .isEqualTo("String.Array");
    }

    List<IncidentSummary> shops =
        Page.collect(
            PageRequest.first(10), 100, p -> incidents.find(IncidentQuery.ofTarget("shop"), p));
    assertThat(shops)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.id()).isEqualTo(shop);
              assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
              assertThat(i.signature().layer()).isEqualTo(Layer.ORIGIN);
              assertThat(i.signature().regions()).containsExactly("eu-west-1", "us-east-1");
              assertThat(i.openedAt()).isEqualTo(slots.get(1));
              assertThat(i.resolvedAt()).contains(slots.get(4));
            });
    assertThat(
            Page.collect(
                PageRequest.first(10), 100, p -> incidents.find(IncidentQuery.ofTarget("blog"), p)))
        .singleElement()
        .satisfies(i -> assertThat(i.signature().layer()).isEqualTo(Layer.CDN));
    assertThat(incidents.incident(shop).orElseThrow().entries())
        .allSatisfy(e -> assertThat(e.alert().orElseThrow().messageId()).isPresent());
    assertThat(Page.collect(PageRequest.first(10), 100, p -> incidents.pending(Instant.MAX, p)))
        .extracting(PendingAlert::alertId)
        .isEmpty();
  }
}
