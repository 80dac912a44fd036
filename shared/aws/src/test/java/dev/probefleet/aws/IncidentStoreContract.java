package dev.probefleet.aws;

import static dev.probefleet.aws.IncidentHistory.failing;
import static dev.probefleet.aws.IncidentHistory.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.Tables;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.OpenIncident;
import dev.probefleet.incident.RoundOutcome;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.store.CommitResult;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStatus;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.IncidentTimeline;
import dev.probefleet.store.InvalidQueryException;
import dev.probefleet.store.LearnedBaseline;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.StoredIncidentState;
import dev.probefleet.store.TimelineEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every backend of the incident store must do; subclasses say which backend. Each test lays
 * out its incidents on a day of its own, so the indexes, which every test of a class shares, are
 * queried within that day.
 */
public abstract class IncidentStoreContract {

  /** The backend under test. */
  protected abstract StoreBackend backend();

  protected DynamoIncidentStore store() {
    return new DynamoIncidentStore(
        backend().dynamoDb(),
        backend().table(Tables.INCIDENTS),
        Retrier.standard(),
        Clock.systemUTC());
  }

  private static IncidentQuery onDay(IncidentQuery query, String day) {
    Instant start = Instant.parse(day + "T00:00:00Z");
    return query.between(start, start.plus(Duration.ofDays(1)));
  }

  private static List<String> ids(List<IncidentSummary> incidents) {
    return incidents.stream().map(IncidentSummary::id).toList();
  }

  private List<IncidentSummary> all(IncidentQuery query, int limit) {
    DynamoIncidentStore store = store();
    return Page.collect(PageRequest.first(limit), 1000, p -> store.find(query, p));
  }

  @Test
  public void aTargetsIncidentsComeNewestFirstWithinTheTimeRangeAcrossPages() {
    IncidentHistory range = new IncidentHistory(store(), "range-t");
    String first = range.incident("2026-03-01T09:01:00Z", Layer.ORIGIN, true);
    String second = range.incident("2026-03-01T09:11:00Z", Layer.ORIGIN, true);
    String third = range.incident("2026-03-01T09:21:00Z", Layer.CDN, true);
    String fourth = range.incident("2026-03-01T09:31:00Z", Layer.ORIGIN, true);
    String fifth = range.incident("2026-03-01T09:41:00Z", Layer.ORIGIN, false);
    new IncidentHistory(store(), "other-t").incident("2026-03-01T09:21:00Z", Layer.CDN, false);

    IncidentQuery query =
        IncidentQuery.ofTarget("range-t")
            .between(Instant.parse("2026-03-01T09:10:00Z"), Instant.parse("2026-03-01T09:40:00Z"));
    Page<IncidentSummary> page1 = store().find(query, PageRequest.first(2));
    assertThat(ids(page1.items())).containsExactly(fourth, third);
    assertThat(page1.hasMore()).isTrue();
    Page<IncidentSummary> page2 =
        store().find(query, PageRequest.after(page1.continuation().get(), 2));
    assertThat(ids(page2.items())).containsExactly(second);
    assertThat(page2.hasMore()).isFalse();

    assertThat(ids(all(IncidentQuery.ofTarget("range-t"), 2)))
        .containsExactly(fifth, fourth, third, second, first);
    // since is inclusive, until exclusive: an incident opened exactly at until is out.
    assertThat(
            ids(
                all(
                    IncidentQuery.ofTarget("range-t")
                        .between(
                            Instant.parse("2026-03-01T09:11:00Z"),
                            Instant.parse("2026-03-01T09:31:00Z")),
                    10)))
        .containsExactly(third, second);
    assertThat(
            ids(
                all(
                    IncidentQuery.ofTarget("range-t").since(Instant.parse("2026-03-01T09:31:00Z")),
                    10)))
        .containsExactly(fifth, fourth);

    IncidentSummary newest = all(IncidentQuery.ofTarget("range-t"), 10).get(0);
    assertThat(newest.status()).isEqualTo(IncidentStatus.OPEN);
    assertThat(newest.target()).isEqualTo("range-t");
    assertThat(newest.openedAt()).isEqualTo(slot("2026-03-01T09:41:00Z"));
    IncidentSummary resolved = all(IncidentQuery.ofTarget("range-t"), 10).get(2);
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.signature().layer()).isEqualTo(Layer.CDN);
    assertThat(resolved.resolvedAt()).contains(slot("2026-03-01T09:24:00Z"));
    assertThat(resolved.transitions()).isEqualTo(2);
  }

  @Test
  public void aFilteredQueryMayReturnAnEmptyPageThatStillLeadsToTheRest() {
    IncidentHistory history = new IncidentHistory(store(), "filter-t");
    String origin = history.incident("2026-03-02T09:01:00Z", Layer.ORIGIN, true);
    history.incident("2026-03-02T09:11:00Z", Layer.CDN, true);
    history.incident("2026-03-02T09:21:00Z", Layer.CDN, true);

    IncidentQuery query = IncidentQuery.ofTarget("filter-t").withLayer(Layer.ORIGIN);
    Page<IncidentSummary> first = store().find(query, PageRequest.first(2));
    assertThat(first.items()).isEmpty();
    assertThat(first.hasMore()).as("an empty page of a filtered query still continues").isTrue();
    Page<IncidentSummary> second =
        store().find(query, first.continuation().map(t -> PageRequest.after(t, 2)).orElseThrow());
    assertThat(ids(second.items())).containsExactly(origin);
    assertThat(ids(all(query, 2))).containsExactly(origin);
  }

  @Test
  public void theOpenIncidentsOfALayerAreFoundAcrossTargetsThroughEmptyPages() {
    String open =
        new IncidentHistory(store(), "lo-a").incident("2026-03-03T09:01:00Z", Layer.ORIGIN, false);
    IncidentHistory b = new IncidentHistory(store(), "lo-b");
    String older = b.incident("2026-03-03T09:11:00Z", Layer.ORIGIN, true);
    String newer = b.incident("2026-03-03T09:21:00Z", Layer.ORIGIN, true);
    new IncidentHistory(store(), "lo-c").incident("2026-03-03T09:31:00Z", Layer.CDN, false);

    IncidentQuery openOrigin =
        onDay(IncidentQuery.ofLayer(Layer.ORIGIN).withStatus(IncidentStatus.OPEN), "2026-03-03");
    Page<IncidentSummary> first = store().find(openOrigin, PageRequest.first(2));
    assertThat(first.items()).isEmpty();
    assertThat(first.hasMore()).isTrue();
    assertThat(ids(all(openOrigin, 2))).containsExactly(open);
    assertThat(ids(all(onDay(IncidentQuery.ofLayer(Layer.ORIGIN), "2026-03-03"), 2)))
        .containsExactly(newer, older, open);
    assertThat(
            ids(
                all(
                    onDay(
                        IncidentQuery.ofLayer(Layer.ORIGIN).withStatus(IncidentStatus.RESOLVED),
                        "2026-03-03"),
                    10)))
        .containsExactly(newer, older);
  }

  @Test
  public void theOpenIndexHoldsExactlyTheOpenIncidents() {
    IncidentHistory a = new IncidentHistory(store(), "open-a");
    String openA = a.incident("2026-03-04T09:01:00Z", Layer.ORIGIN, false);
    new IncidentHistory(store(), "open-b").incident("2026-03-04T09:11:00Z", Layer.CDN, true);
    String openC =
        new IncidentHistory(store(), "open-c").incident("2026-03-04T09:21:00Z", Layer.DNS, false);

    IncidentQuery open = onDay(IncidentQuery.open(), "2026-03-04");
    assertThat(ids(all(open, 1))).containsExactly(openC, openA);

    for (int minute = 2; minute <= 4; minute++) {
      a.round(slot("2026-03-04T09:0" + minute + ":00Z"), Signature.HEALTHY);
    }
    assertThat(ids(all(open, 1))).containsExactly(openC);
    assertThat(all(onDay(IncidentQuery.ofTarget("open-a"), "2026-03-04"), 10))
        .singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED));
  }

  @Test
  public void anIncidentComesWithItsEvidenceTimelineInOrder() {
    IncidentHistory history = new IncidentHistory(store(), "tl-t");
    Signature origin = failing(Layer.ORIGIN, Cause.CONNECTION_REFUSED);
    Signature lb = failing(Layer.LOAD_BALANCER, Cause.UPSTREAM_TIMEOUT);
    history.round(slot("2026-03-05T09:00:00Z"), origin);
    history.round(slot("2026-03-05T09:01:00Z"), origin);
    history.round(slot("2026-03-05T09:02:00Z"), lb);
    history.round(slot("2026-03-05T09:03:00Z"), lb);
    for (int minute = 4; minute <= 6; minute++) {
      history.round(slot("2026-03-05T09:0" + minute + ":00Z"), Signature.HEALTHY);
    }
    List<Transition> transitions = history.recorded();
    assertThat(transitions)
        .extracting(Transition::kind)
        .containsExactly(TransitionKind.OPENED, TransitionKind.UPDATED, TransitionKind.RESOLVED);
    String id = transitions.get(0).incidentId();
    assertThat(id).isEqualTo(Incidents.incidentId("tl-t", slot("2026-03-05T09:01:00Z")));
    assertThat(store().markPublished(id, 1, "msg-1", Instant.now().plusSeconds(30))).isTrue();

    IncidentTimeline timeline = store().incident(id).orElseThrow();
    IncidentSummary incident = timeline.incident();
    assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(incident.signature()).isEqualTo(lb);
    assertThat(incident.openedAt()).isEqualTo(slot("2026-03-05T09:01:00Z"));
    assertThat(incident.lastTransitionAt()).isEqualTo(slot("2026-03-05T09:06:00Z"));
    assertThat(incident.resolvedAt()).contains(slot("2026-03-05T09:06:00Z"));
    assertThat(incident.transitions()).isEqualTo(3);
    assertThat(incident.summary()).isEqualTo(IncidentHistory.summary(transitions.get(2)));

    assertThat(timeline.entries())
        .extracting(TimelineEntry::transition)
        .containsExactlyElementsOf(transitions);
    TimelineEntry updated = timeline.entries().get(1);
    assertThat(updated.transition().previous()).contains(origin);
    assertThat(updated.evidence()).isEqualTo("{\"transition\":2}");
    assertThat(updated.summary()).isEqualTo(IncidentHistory.summary(transitions.get(1)));
    assertThat(timeline.entries())
        .extracting(e -> e.alert().orElseThrow().alertId())
        .containsExactly(id + "-1", id + "-2", id + "-3");
    assertThat(timeline.entries().get(0).alert().orElseThrow().pending()).isFalse();
    assertThat(timeline.entries().get(0).alert().orElseThrow().messageId()).contains("msg-1");
    assertThat(timeline.entries().get(0).alert().orElseThrow().publishedAt()).isPresent();
    assertThat(timeline.entries().get(2).alert().orElseThrow().pending()).isTrue();
    assertThat(timeline.entries().get(2).alert().orElseThrow().message())
        .isEqualTo(IncidentHistory.message(transitions.get(2)));

    // Listed under its current layer, not the one it opened with.
    assertThat(ids(all(onDay(IncidentQuery.ofLayer(Layer.LOAD_BALANCER), "2026-03-05"), 10)))
        .containsExactly(id);
    assertThat(all(onDay(IncidentQuery.ofLayer(Layer.ORIGIN), "2026-03-05"), 10)).isEmpty();
    assertThat(store().incident("01J0000000000000000000NONE")).isEmpty();
  }

  @Test
  public void theOutboxListsWhatIsUnpublishedAndClearingItIsConditional() {
    String t =
        new IncidentHistory(store(), "ob-t").incident("2026-03-06T09:01:00Z", Layer.ORIGIN, false);
    String u =
        new IncidentHistory(store(), "ob-u").incident("2026-03-06T09:11:00Z", Layer.CDN, true);

    assertThat(pendingIds()).contains(t + "-1", u + "-1", u + "-2");
    PendingAlert alert =
        pending().stream().filter(p -> p.alertId().equals(u + "-2")).findFirst().orElseThrow();
    assertThat(alert.incidentId()).isEqualTo(u);
    assertThat(alert.number()).isEqualTo(2);
    assertThat(alert.message().attributes()).containsEntry("state", "RESOLVED");

    Instant deadline = Instant.now().plusSeconds(30);
    assertThat(store().markPublished(t, 1, "m-1", deadline)).isTrue();
    assertThat(store().markPublished(t, 1, "m-again", deadline))
        .as("a second run finds it already published")
        .isFalse();
    assertThat(pendingIds()).doesNotContain(t + "-1").contains(u + "-1", u + "-2");
    assertThat(store().incident(t).orElseThrow().entries().get(0).alert().orElseThrow().messageId())
        .contains("m-1");
  }

  private List<PendingAlert> pending() {
    DynamoIncidentStore store = store();
    return Page.collect(PageRequest.first(1), 10_000, store::pendingAlerts);
  }

  private List<String> pendingIds() {
    return pending().stream().map(PendingAlert::alertId).toList();
  }

  @Test
  public void aCommitOnAStaleVersionIsAConflictAndWritesNothing() {
    DynamoIncidentStore store = store();
    StoredIncidentState none = store.state("cf-t");
    assertThat(none.version()).isZero();
    assertThat(none.state()).isEqualTo(IncidentState.empty("cf-t"));

    IncidentHistory history = new IncidentHistory(store, "cf-t");
    history.round(slot("2026-03-07T09:00:00Z"), failing(Layer.ORIGIN, Cause.HTTP_5XX));
    StoredIncidentState after = store.state("cf-t");
    assertThat(after.version()).isEqualTo(1);
    assertThat(after.state().window()).hasSize(1);

    RoundSlot opening = slot("2026-03-07T09:01:00Z");
    Signature signature = failing(Layer.ORIGIN, Cause.HTTP_5XX);
    String id = Incidents.incidentId("cf-t", opening);
    Transition opened =
        new Transition("cf-t", id, 1, TransitionKind.OPENED, opening, signature, Optional.empty());
    IncidentState stale =
        new IncidentState(
            "cf-t",
            List.of(),
            Optional.of(new OpenIncident(id, opening, signature, 1, opening)),
            Optional.empty());
    CommitResult conflict =
        store.commit(
            new IncidentCommit("cf-t", 0, stale, List.of(history.entry(opened))),
            Instant.now().plusSeconds(30));
    assertThat(conflict.outcome()).isEqualTo(CommitResult.Outcome.CONFLICT);
    assertThat(conflict.recordedAlertIds()).isEmpty();
    assertThat(store.incident(id)).as("nothing of the refused commit is written").isEmpty();
    assertThat(store.state("cf-t")).isEqualTo(after);

    history.round(opening, signature);
    assertThat(store.state("cf-t").version()).isEqualTo(2);
    assertThat(store.incident(id)).isPresent();
  }

  @Test
  public void aTransitionAlreadyRecordedIsNeitherRecordedAgainNorOverwritten() {
    DynamoIncidentStore store = store();
    IncidentHistory history = new IncidentHistory(store, "dup-t");
    String id = history.incident("2026-03-08T09:01:00Z", Layer.ORIGIN, false);
    Transition opened = history.recorded().get(0);
    StoredIncidentState stored = store.state("dup-t");

    // The state moved on without knowing (say it was restored from a backup): the same transition
    // is committed again with another rendering.
    IncidentCommit.Entry again =
        new IncidentCommit.Entry(opened, "second attempt", "{}", IncidentHistory.message(opened));
    CommitResult result =
        store.commit(
            new IncidentCommit("dup-t", stored.version(), stored.state(), List.of(again)),
            Instant.now().plusSeconds(30));
    assertThat(result.outcome()).isEqualTo(CommitResult.Outcome.COMMITTED);
    assertThat(result.recordedAlertIds()).isEmpty();
    assertThat(store.state("dup-t").version()).isEqualTo(stored.version() + 1);

    IncidentTimeline timeline = store.incident(id).orElseThrow();
    assertThat(timeline.entries()).hasSize(1);
    assertThat(timeline.entries().get(0).summary()).isEqualTo(IncidentHistory.summary(opened));
    assertThat(pendingIds().stream().filter(a -> a.startsWith(id))).containsExactly(id + "-1");
  }

  @Test
  public void baselinesAreKeptPerPathAndOnlyMoveForward() {
    DynamoIncidentStore store = store();
    Instant deadline = Instant.now().plusSeconds(30);
    Instant nine = Instant.parse("2026-03-09T09:01:00Z");
    PathBaseline lb =
        new PathBaseline("bl-t/lb", Map.of("nginx", 4, "unknown", 1), Map.of("alb", 5), 5);
    PathBaseline origin = new PathBaseline("bl-t/origin[0]", Map.of("nginx", 5), Map.of(), 5);
    assertThat(store.baselines("bl-t")).isEmpty();
    assertThat(store.saveBaseline("bl-t", new LearnedBaseline("lb", lb, nine), deadline)).isTrue();
    assertThat(store.saveBaseline("bl-t", new LearnedBaseline("origin[0]", origin, nine), deadline))
        .isTrue();

    PathBaseline later = new PathBaseline("bl-t/lb", Map.of("nginx", 9), Map.of(), 9);
    assertThat(store.saveBaseline("bl-t", new LearnedBaseline("lb", later, nine), deadline))
        .as("the same slot twice")
        .isFalse();
    assertThat(
            store.saveBaseline(
                "bl-t", new LearnedBaseline("lb", later, nine.minusSeconds(60)), deadline))
        .as("an older slot")
        .isFalse();
    assertThat(store.baselines("bl-t"))
        .containsOnlyKeys("lb", "origin[0]")
        .containsEntry("lb", new LearnedBaseline("lb", lb, nine))
        .containsEntry("origin[0]", new LearnedBaseline("origin[0]", origin, nine));

    Instant next = nine.plusSeconds(60);
    assertThat(store.saveBaseline("bl-t", new LearnedBaseline("lb", later, next), deadline))
        .isTrue();
    assertThat(store.baselines("bl-t").get("lb")).isEqualTo(new LearnedBaseline("lb", later, next));
    assertThat(store.baselines("bl-other")).isEmpty();
  }

  @Test
  public void aContinuationTokenOnlyContinuesTheQueryThatIssuedIt() {
    IncidentHistory history = new IncidentHistory(store(), "tok-t");
    history.incident("2026-03-10T09:01:00Z", Layer.ORIGIN, true);
    history.incident("2026-03-10T09:11:00Z", Layer.ORIGIN, true);
    String token =
        store()
            .find(IncidentQuery.ofTarget("tok-t"), PageRequest.first(1))
            .continuation()
            .orElseThrow();

    assertThatThrownBy(
            () -> store().find(IncidentQuery.ofLayer(Layer.ORIGIN), PageRequest.after(token, 1)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("next: the continuation token belongs to another query")
        .satisfies(e -> assertThat(((InvalidQueryException) e).parameter()).isEqualTo("next"));
    assertThatThrownBy(
            () -> store().find(IncidentQuery.ofTarget("tok-u"), PageRequest.after(token, 1)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("belongs to another query (byTarget:tok-t)");
    assertThatThrownBy(
            () ->
                store().find(IncidentQuery.ofTarget("tok-t"), PageRequest.after("not a token!", 1)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("next: the continuation token is not one this service issued (not base64url)");
    assertThatThrownBy(() -> store().pendingAlerts(PageRequest.after(token, 1)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("belongs to another query");
    assertThat(store().find(IncidentQuery.ofTarget("tok-t"), PageRequest.after(token, 1)).items())
        .hasSize(1);
  }

  @Test
  public void theAnalyzerTakesATargetFromFailingRoundsToAResolvedIncident() {
    StoreBackend b = backend();
    DynamoRoundStore rounds =
        new DynamoRoundStore(
            b.dynamoDb(), b.table(Tables.ROUNDS), Duration.ofDays(7), Retrier.standard());
    DynamoTargetRegistry registry =
        new DynamoTargetRegistry(
            b.dynamoDb(), b.table(Tables.TARGETS), Retrier.standard(), Clock.systemUTC());
    registry.apply(List.of(Rounds.target("life-t")), false);
    RecordingPublisher publisher = new RecordingPublisher(null);
    DynamoIncidentStore incidents = store();
    AnalyzerService analyzer =
        new AnalyzerService(
            registry,
            rounds,
            incidents,
            publisher,
            MetricsSink.NONE,
            Fingerprinter.defaults(),
            AnalyzerSettings.DEFAULT,
            Clock.systemUTC());

    // Rounds of recent slots: DynamoDB Local removes rounds whose TTL has passed.
    List<RoundSlot> slots = new ArrayList<>();
    RoundSlot slot =
        RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(10)), IncidentHistory.MINUTE);
    for (int i = 0; i < 5; i++) {
      slots.add(slot);
      List<RoundRecord> written = new ArrayList<>();
      for (String region : List.of("eu-west-1", "us-east-1")) {
        written.add(
            i < 2
                ? Rounds.originRefusing("life-t", slot, region)
                : Rounds.healthy("life-t", slot, region));
      }
      assertThat(rounds.write(written, Instant.now().plusSeconds(30)).complete()).isTrue();
      slot = slot.next();
    }

    List<AnalysisReport> reports = new ArrayList<>();
    for (RoundSlot s : slots) {
      reports.add(analyzer.analyze(s, Instant.now().plusSeconds(60)));
    }
    assertThat(reports).allSatisfy(r -> assertThat(r.complete()).as(r.toString()).isTrue());
    TargetAnalysis opening = reports.get(1).targets().get(0);
    assertThat(opening.verdict().orElseThrow().layer()).isEqualTo(Layer.ORIGIN);
    assertThat(opening.verdict().orElseThrow().cause()).isEqualTo(Cause.CONNECTION_REFUSED);
    assertThat(opening.regions()).containsExactly("eu-west-1", "us-east-1");
    assertThat(reports).extracting(AnalysisReport::transitions).containsExactly(0, 1, 0, 0, 1);

    String id = Incidents.incidentId("life-t", slots.get(1));
    assertThat(publisher.sentIds()).containsExactly(id + "-1", id + "-2");
    assertThat(reports.get(1).alertsPublished()).containsExactly(id + "-1");
    assertThat(reports.get(4).alertsPublished()).containsExactly(id + "-2");

    IncidentTimeline timeline = incidents.incident(id).orElseThrow();
    assertThat(timeline.incident().status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(timeline.incident().signature().layer()).isEqualTo(Layer.ORIGIN);
    assertThat(timeline.entries())
        .extracting(e -> e.transition().kind())
        .containsExactly(TransitionKind.OPENED, TransitionKind.RESOLVED);
    assertThat(timeline.entries())
        .allSatisfy(e -> assertThat(e.alert().orElseThrow().pending()).isFalse());
    assertThat(timeline.entries().get(0).evidence())
        .contains("\"layer\":\"ORIGIN\"", "\"class\":\"CONNECTION_REFUSED\"");
    assertThat(timeline.entries().get(0).alert().orElseThrow().message().json())
        .contains("\"alertId\":\"" + id + "-1\"");

    // The same slot delivered again: nothing new, nothing sent.
    AnalysisReport again = analyzer.analyze(slots.get(4), Instant.now().plusSeconds(60));
    assertThat(again.targets().get(0).outcome()).contains(RoundOutcome.DUPLICATE);
    assertThat(again.transitions()).isZero();
    assertThat(publisher.sentIds()).hasSize(2);

    // Healthy answers taught each path its generator, once per slot.
    Map<String, LearnedBaseline> baselines = incidents.baselines("life-t");
    assertThat(baselines).containsOnlyKeys("cdn", "lb", "origin[0]");
    assertThat(baselines.get("lb").learnedThrough()).isEqualTo(slots.get(4).start());
    assertThat(baselines.get("lb").baseline().samples()).isEqualTo(6);
    assertThat(baselines.get("lb").baseline().generators()).containsOnlyKeys("nginx");
  }
}
