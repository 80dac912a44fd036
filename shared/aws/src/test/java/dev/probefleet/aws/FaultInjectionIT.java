package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.analyzer.OutboxSettings;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.aws.FaultInterceptor.Fault;
import dev.probefleet.aws.LoopbackProxy.Link;
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
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.store.IncidentTimeline;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.contract.RecordingPublisher;
import dev.probefleet.store.contract.Rounds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The analyzer while AWS behaves badly, on the emulator: throttling, server errors, timeouts and
 * answers lost after the work was done (an SDK interceptor); a link cut between the transaction and
 * the publication (a loopback proxy, so the emulator keeps its state); a publisher that fails or
 * crashes; a concurrent analyzer. After recovery no incident, transition or alert is missing, and
 * an alert delivered twice carries the same id.
 *
 * <p>Each test provisions its own tables and topic. The analyzer's clients go through the proxy and
 * the interceptor, without the SDK's own retries, so every fault reaches the code under test; the
 * probe rounds and the SQS subscriber use direct clients.
 */
@ExtendWith(AwsEmulatorExtension.class)
class FaultInjectionIT {
  private static final Duration SHORT = Duration.ofSeconds(2);

  /** The emulator's resources, and the analyzer's view of them through the faults. */
  private static final class Rig implements AutoCloseable {
    final EmulatedAws aws;
    final LoopbackProxy proxy;
    final FaultInterceptor faults = new FaultInterceptor();
    final DynamoDbClient dynamoDb;
    final SnsClient sns;
    final DynamoRoundStore rounds;
    final DynamoTargetRegistry registry;
    final DynamoIncidentStore incidents;
    final SubscribedQueue queue;
    final String topic;
    final RoundSlot first =
        RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(30)), Duration.ofMinutes(1));

    Rig(AwsEmulator emulator) {
      aws = EmulatedAws.provision(emulator);
      proxy = LoopbackProxy.start(emulator.endpoint());
      dynamoDb = flaky(emulator, DynamoDbClient.builder()).build();
      sns = flaky(emulator, SnsClient.builder()).build();
      rounds =
          new DynamoRoundStore(
              dynamoDb,
              aws.resources().table(Tables.ROUNDS),
              Duration.ofDays(7),
              Retrier.standard(),
              50,
              DynamoRoundStore.DEFAULT_WRITE_CONCURRENCY);
      registry =
          new DynamoTargetRegistry(
              dynamoDb,
              aws.resources().table(Tables.TARGETS),
              Retrier.standard(),
              Clock.systemUTC(),
              SHORT);
      incidents =
          new DynamoIncidentStore(
              dynamoDb,
              aws.resources().table(Tables.INCIDENTS),
              Retrier.standard(),
              Clock.systemUTC(),
              SHORT);
      topic = aws.resources().topicArn(Topics.ALERTS);
      queue =
          SubscribedQueue.subscribe(
              aws.sqs(), aws.sns(), topic, aws.names().prefix() + "-alerts", true, null);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B flaky(
        AwsEmulator emulator, B builder) {
      emulator.configure(builder);
      builder.endpointOverride(proxy.endpoint());
      builder.httpClient(
          UrlConnectionHttpClient.builder()
              .connectionTimeout(Duration.ofSeconds(1))
              .socketTimeout(Duration.ofSeconds(3))
              .build());
      builder.overrideConfiguration(
          o ->
              o.addExecutionInterceptor(faults)
                  .retryStrategy(AwsRetryStrategy.doNotRetry())
                  .apiCallAttemptTimeout(Duration.ofSeconds(3)));
      return builder;
    }

    /** The real SNS publisher, through the faults. */
    AlertPublisher sns() {
      return new SnsAlertPublisher(sns, topic, Retrier.standard());
    }

    AnalyzerService analyzer(AlertPublisher publisher) {
      return new AnalyzerService(
          registry,
          rounds,
          incidents,
          publisher,
          MetricsSink.NONE,
          new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
          AnalyzerSettings.DEFAULT.withOutbox(
              OutboxSettings.DEFAULT
                  .withPublishBudget(SHORT)
                  .withRetry(Duration.ZERO, Duration.ZERO)),
          Clock.systemUTC());
    }

    /**
     * Makes the target the only one registered and writes its rounds from two regions, directly:
     * {@code failing} slots with the origin refusing, then {@code healthy} ones.
     */
    List<RoundSlot> rounds(String target, int failing, int healthy) {
      return rounds(target, 0, failing, healthy, true);
    }

    /**
     * Registers the target ({@code alone}: as the only one) and writes its rounds from two regions,
     * directly: {@code before} healthy slots, {@code failing} slots with the origin refusing, then
     * {@code after} healthy ones. Every target's slots start at the same slot.
     */
    List<RoundSlot> rounds(String target, int before, int failing, int after, boolean alone) {
      DynamoTargetRegistry direct =
          new DynamoTargetRegistry(
              aws.dynamoDb(),
              aws.resources().table(Tables.TARGETS),
              Retrier.standard(),
              Clock.systemUTC());
      List<dev.probefleet.model.Target> targets = new ArrayList<>(alone ? List.of() : direct.all());
      targets.add(Rounds.target(target));
      direct.apply(targets, true);
      DynamoRoundStore store =
          new DynamoRoundStore(
              aws.dynamoDb(),
              aws.resources().table(Tables.ROUNDS),
              Duration.ofDays(7),
              Retrier.standard());
      List<RoundSlot> slots = new ArrayList<>();
      RoundSlot slot = first;
      for (int i = 0; i < before + failing + after; i++) {
        boolean fails = i >= before && i < before + failing;
        List<RoundRecord> written = new ArrayList<>();
        for (String region : List.of("us-east-1", "eu-west-1")) {
          written.add(
              fails
                  ? Rounds.originRefusing(target, slot, region)
                  : Rounds.healthy(target, slot, region));
        }
        assertThat(store.write(written, Instant.now().plusSeconds(30)).complete()).isTrue();
        slots.add(slot);
        slot = slot.next();
      }
      return slots;
    }

    /** The incident as stored, read directly. */
    IncidentTimeline timeline(String id) {
      return new DynamoIncidentStore(
              aws.dynamoDb(),
              aws.resources().table(Tables.INCIDENTS),
              Retrier.standard(),
              Clock.systemUTC())
          .incident(id)
          .orElseThrow();
    }

    List<String> pending() {
      DynamoIncidentStore direct =
          new DynamoIncidentStore(
              aws.dynamoDb(),
              aws.resources().table(Tables.INCIDENTS),
              Retrier.standard(),
              Clock.systemUTC());
      return Page.collect(PageRequest.first(50), 1000, p -> direct.pending(Instant.MAX, p)).stream()
          .map(PendingAlert::alertId)
          .toList();
    }

    /** Alert ids received by the subscriber, duplicates included. */
    List<String> received(int expected) {
      return queue.receive(expected).stream()
          .map(SubscribedQueue::json)
          .map(j -> j.path("alertId").asText())
          .toList();
    }

    @Override
    public void close() {
      dynamoDb.close();
      sns.close();
      proxy.close();
      aws.close();
    }
  }

  private static Instant deadline() {
    return Instant.now().plusSeconds(60);
  }

  @Test
  void throttlingServerErrorsTimeoutsAndLostAnswersLoseNothing(AwsEmulator emulator) {
    try (Rig rig = new Rig(emulator)) {
      List<RoundSlot> slots = rig.rounds("rough", 2, 3);
      rig.faults
          .inject("Scan", Fault.THROTTLE, 2)
          .inject("Query", Fault.THROTTLE, 3)
          .inject("PutItem", Fault.TIMEOUT, 1)
          .inject("TransactWriteItems", Fault.APPLIED_BUT_LOST, 1)
          .inject("Publish", Fault.APPLIED_BUT_LOST, 1)
          .inject("UpdateItem", Fault.TIMEOUT, 1)
          .inject("BatchGetItem", Fault.SERVER_ERROR, 1);
      AnalyzerService analyzer = rig.analyzer(rig.sns());

      List<AnalysisReport> reports = new ArrayList<>();
      for (RoundSlot slot : slots) {
        reports.add(analyzer.analyze(slot, deadline()));
      }

      assertThat(rig.faults.injected())
          .as("every fault was played")
          .containsOnlyOnce(
              "PutItem:TIMEOUT",
              "TransactWriteItems:APPLIED_BUT_LOST",
              "Publish:APPLIED_BUT_LOST",
              "UpdateItem:TIMEOUT",
              "BatchGetItem:SERVER_ERROR")
          .contains("Scan:THROTTLE", "Query:THROTTLE");
      assertThat(reports).allSatisfy(r -> assertThat(r.complete()).as(r.toString()).isTrue());
      String id = Incidents.incidentId("rough", slots.get(1));
      // The opening commit went through but its answer was lost: the retry found the state moved
      // on, read it again, saw the slot already applied, and the outbox flush sent the alert.
      assertThat(reports.get(1).targets().get(0).status())
          .isEqualTo(TargetAnalysis.Status.UP_TO_DATE);
      assertThat(reports.get(1).alertsPublished()).containsExactly(id + "-1");

      IncidentTimeline timeline = rig.timeline(id);
      assertThat(timeline.entries())
          .extracting(e -> e.transition().kind())
          .containsExactly(TransitionKind.OPENED, TransitionKind.RESOLVED);
      assertThat(timeline.entries())
          .allSatisfy(e -> assertThat(e.alert().orElseThrow().pending()).isFalse());
      assertThat(rig.pending()).isEmpty();
      // SNS took the first publication, but its answer was lost: published again, same id.
      assertThat(rig.received(3)).containsExactlyInAnyOrder(id + "-1", id + "-1", id + "-2");
    }
  }

  @Test
  void aLinkCutBetweenTheTransactionAndThePublicationLosesNothing(AwsEmulator emulator) {
    try (Rig rig = new Rig(emulator)) {
      List<RoundSlot> slots = rig.rounds("cut", 2, 3);
      AnalyzerService analyzer = rig.analyzer(rig.sns());
      assertThat(analyzer.analyze(slots.get(0), deadline()).complete()).isTrue();

      rig.faults.afterNext("TransactWriteItems", () -> rig.proxy.set(Link.REFUSING));
      AnalysisReport cut = analyzer.analyze(slots.get(1), deadline());
      String id = Incidents.incidentId("cut", slots.get(1));
      TargetAnalysis opened = cut.targets().get(0);
      assertThat(opened.status()).isEqualTo(TargetAnalysis.Status.ANALYSED);
      assertThat(opened.transitions()).hasSize(1);
      assertThat(cut.alertsPublished()).isEmpty();
      assertThat(cut.alertsPending()).containsExactly(id + "-1");
      assertThat(cut.errors()).anyMatch(e -> e.startsWith("alert " + id + "-1 not published"));
      assertThat(rig.pending()).as("the alert waits in the outbox").containsExactly(id + "-1");

      // The next run while the link is still down: nothing can be read, nothing is lost.
      AnalysisReport down = analyzer.analyze(slots.get(2), deadline());
      assertThat(down.complete()).isFalse();
      assertThat(down.errors()).anyMatch(e -> e.startsWith("targets registry could not be read"));

      rig.proxy.set(Link.RESETTING);
      AnalysisReport reset = analyzer.analyze(slots.get(2), deadline());
      assertThat(reset.complete()).isFalse();

      rig.proxy.set(Link.OPEN);
      List<AnalysisReport> after = new ArrayList<>();
      for (RoundSlot slot : slots.subList(2, 5)) {
        after.add(analyzer.analyze(slot, deadline()));
      }
      assertThat(after).allSatisfy(r -> assertThat(r.complete()).as(r.toString()).isTrue());
      assertThat(after.get(0).alertsPublished())
          .as("the leftover goes out first")
          .containsExactly(id + "-1");
      assertThat(after.get(2).alertsPublished()).containsExactly(id + "-2");

      assertThat(rig.timeline(id).entries())
          .extracting(e -> e.transition().kind())
          .containsExactly(TransitionKind.OPENED, TransitionKind.RESOLVED);
      assertThat(rig.pending()).isEmpty();
      assertThat(rig.received(2)).containsExactlyInAnyOrder(id + "-1", id + "-2");
    }
  }

  @Test
  void anAlertNotSentOrSentByACrashedRunGoesOutFirstWithTheNextRun(AwsEmulator emulator) {
    try (Rig rig = new Rig(emulator)) {
      // crash: opens at slot 1, resolves at slot 4; late: opens at slot 2, resolves at slot 5.
      List<RoundSlot> slots = rig.rounds("crash", 0, 2, 4, true);
      rig.rounds("late", 1, 2, 3, false);
      RecordingPublisher publisher = new RecordingPublisher(rig.sns());
      AnalyzerService analyzer = rig.analyzer(publisher);
      String crash = Incidents.incidentId("crash", slots.get(1));
      String late = Incidents.incidentId("late", slots.get(2));

      analyzer.analyze(slots.get(0), deadline());
      publisher.failNext(RecordingPublisher.Fault.FAIL_BEFORE_SENDING, 1);
      AnalysisReport failed = analyzer.analyze(slots.get(1), deadline());
      assertThat(failed.alertsPending()).containsExactly(crash + "-1");
      assertThat(failed.errors())
          .anyMatch(e -> e.startsWith("alert " + crash + "-1 not published"));
      assertThat(rig.received(0)).isEmpty();

      AnalysisReport next = analyzer.analyze(slots.get(2), deadline());
      assertThat(next.complete()).isTrue();
      assertThat(next.alertsPublished())
          .as("the leftover goes out before the run's own alerts")
          .containsExactly(crash + "-1", late + "-1");
      analyzer.analyze(slots.get(3), deadline());

      publisher.failNext(RecordingPublisher.Fault.CRASH_AFTER_SENDING, 1);
      AnalysisReport crashed = analyzer.analyze(slots.get(4), deadline());
      assertThat(crashed.transitions()).isEqualTo(1);
      assertThat(crashed.alertsPending()).containsExactly(crash + "-2");

      AnalysisReport recovered = analyzer.analyze(slots.get(5), deadline());
      assertThat(recovered.complete()).isTrue();
      assertThat(recovered.alertsPublished()).containsExactly(crash + "-2", late + "-2");

      assertThat(rig.pending()).isEmpty();
      assertThat(publisher.sentIds())
          .containsExactly(crash + "-1", late + "-1", crash + "-2", crash + "-2", late + "-2");
      assertThat(rig.received(5))
          .as("the alert sent by the crashed run arrives twice, with the same id")
          .containsExactlyInAnyOrder(
              crash + "-1", late + "-1", crash + "-2", crash + "-2", late + "-2");
      assertThat(rig.timeline(crash).entries()).hasSize(2);
      assertThat(rig.timeline(late).entries()).hasSize(2);
    }
  }

  @Test
  void aConcurrentAnalyzerWinsTheCommitAndTheLoserDecidesAgain(AwsEmulator emulator) {
    try (Rig rig = new Rig(emulator)) {
      List<RoundSlot> slots = rig.rounds("race", 2, 0);
      RecordingPublisher ours = new RecordingPublisher(rig.sns());
      AnalyzerService analyzer = rig.analyzer(ours);
      RecordingPublisher theirs =
          new RecordingPublisher(
              new SnsAlertPublisher(rig.aws.sns(), rig.topic, Retrier.standard()));
      AnalyzerService other =
          new AnalyzerService(
              new DynamoTargetRegistry(
                  rig.aws.dynamoDb(),
                  rig.aws.resources().table(Tables.TARGETS),
                  Retrier.standard(),
                  Clock.systemUTC()),
              new DynamoRoundStore(
                  rig.aws.dynamoDb(),
                  rig.aws.resources().table(Tables.ROUNDS),
                  Duration.ofDays(7),
                  Retrier.standard()),
              new DynamoIncidentStore(
                  rig.aws.dynamoDb(),
                  rig.aws.resources().table(Tables.INCIDENTS),
                  Retrier.standard(),
                  Clock.systemUTC()),
              theirs,
              MetricsSink.NONE,
              new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
              AnalyzerSettings.DEFAULT,
              Clock.systemUTC());
      analyzer.analyze(slots.get(0), deadline());

      List<AnalysisReport> theirReport = new ArrayList<>();
      rig.faults.beforeNext(
          "TransactWriteItems", () -> theirReport.add(other.analyze(slots.get(1), deadline())));
      AnalysisReport ourReport = analyzer.analyze(slots.get(1), deadline());

      String id = Incidents.incidentId("race", slots.get(1));
      assertThat(theirReport)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.transitions()).isEqualTo(1);
                assertThat(r.alertsPublished()).containsExactly(id + "-1");
              });
      assertThat(ourReport.complete()).isTrue();
      assertThat(ourReport.targets().get(0).status())
          .as("the loser read the winner's state: the slot is already there")
          .isEqualTo(TargetAnalysis.Status.UP_TO_DATE);
      assertThat(ourReport.transitions()).isZero();
      assertThat(ours.sentIds()).isEmpty();
      assertThat(rig.timeline(id).entries()).hasSize(1);
      assertThat(rig.received(1)).containsExactly(id + "-1");
    }
  }
}
