package dev.probefleet.store.contract;

import static dev.probefleet.store.contract.HistoryWriter.failing;
import static dev.probefleet.store.contract.HistoryWriter.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.attribution.Scope;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.incident.CertificateIncidents;
import dev.probefleet.incident.CertificateState;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.OpenCertificateIncident;
import dev.probefleet.incident.OpenIncident;
import dev.probefleet.incident.RoundSummary;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.store.AlertRecord;
import dev.probefleet.store.CommitResult;
import dev.probefleet.store.DeadLetter;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStatus;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.IncidentTimeline;
import dev.probefleet.store.InvalidQueryException;
import dev.probefleet.store.LearnedBaseline;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetState;
import dev.probefleet.store.TargetStatus;
import dev.probefleet.store.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every backend of the incident store must do — DynamoDB on the emulator, DynamoDB Local, and
 * in memory alike; subclasses say which backend. Each test lays out its incidents on a day of its
 * own, so the indexes, which every test of a class shares, are queried within that day.
 */
public abstract class IncidentStoreContract {

  /** The incident store under test (the same store every call within a test class). */
  protected abstract IncidentStore store();

  /** A round store and a registry beside it, for the analyzer's lifecycle test. */
  protected abstract RoundStore rounds();

  protected abstract TargetRegistry registry();

  private static Instant deadline() {
    return Instant.now().plusSeconds(30);
  }

  private static IncidentQuery onDay(IncidentQuery query, String day) {
    Instant start = Instant.parse(day + "T00:00:00Z");
    return query.between(start, start.plus(Duration.ofDays(1)));
  }

  private static List<String> ids(List<IncidentSummary> incidents) {
    return incidents.stream().map(IncidentSummary::id).toList();
  }

  private List<IncidentSummary> all(IncidentQuery query, int limit) {
    IncidentStore store = store();
    return Page.collect(PageRequest.first(limit), 1000, p -> store.find(query, p));
  }

  @Test
  public void aTargetsIncidentsComeNewestFirstWithinTheTimeRangeAcrossPages() {
    HistoryWriter range = new HistoryWriter(store(), "range-t");
    String first = range.incident("2026-03-01T09:01:00Z", Layer.ORIGIN, true);
    String second = range.incident("2026-03-01T09:11:00Z", Layer.ORIGIN, true);
    String third = range.incident("2026-03-01T09:21:00Z", Layer.CDN, true);
    String fourth = range.incident("2026-03-01T09:31:00Z", Layer.ORIGIN, true);
    String fifth = range.incident("2026-03-01T09:41:00Z", Layer.ORIGIN, false);
    new HistoryWriter(store(), "other-t").incident("2026-03-01T09:21:00Z", Layer.CDN, false);

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
    HistoryWriter history = new HistoryWriter(store(), "filter-t");
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
        new HistoryWriter(store(), "lo-a").incident("2026-03-03T09:01:00Z", Layer.ORIGIN, false);
    HistoryWriter b = new HistoryWriter(store(), "lo-b");
    String older = b.incident("2026-03-03T09:11:00Z", Layer.ORIGIN, true);
    String newer = b.incident("2026-03-03T09:21:00Z", Layer.ORIGIN, true);
    new HistoryWriter(store(), "lo-c").incident("2026-03-03T09:31:00Z", Layer.CDN, false);

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
    HistoryWriter a = new HistoryWriter(store(), "open-a");
    String openA = a.incident("2026-03-04T09:01:00Z", Layer.ORIGIN, false);
    new HistoryWriter(store(), "open-b").incident("2026-03-04T09:11:00Z", Layer.CDN, true);
    String openC =
        new HistoryWriter(store(), "open-c").incident("2026-03-04T09:21:00Z", Layer.DNS, false);

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
    HistoryWriter history = new HistoryWriter(store(), "tl-t");
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
    assertThat(store().markPublished(id, 1, "msg-1", deadline())).isTrue();

    IncidentTimeline timeline = store().incident(id).orElseThrow();
    IncidentSummary incident = timeline.incident();
    assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(incident.signature()).isEqualTo(lb);
    assertThat(incident.openedAt()).isEqualTo(slot("2026-03-05T09:01:00Z"));
    assertThat(incident.lastTransitionAt()).isEqualTo(slot("2026-03-05T09:06:00Z"));
    assertThat(incident.resolvedAt()).contains(slot("2026-03-05T09:06:00Z"));
    assertThat(incident.transitions()).isEqualTo(3);
    assertThat(incident.summary()).isEqualTo(HistoryWriter.summary(transitions.get(2)));

    assertThat(timeline.entries())
        .extracting(TimelineEntry::transition)
        .containsExactlyElementsOf(transitions);
    TimelineEntry updated = timeline.entries().get(1);
    assertThat(updated.transition().previous()).contains(origin);
    assertThat(updated.evidence()).isEqualTo("{\"transition\":2}");
    assertThat(updated.summary()).isEqualTo(HistoryWriter.summary(transitions.get(1)));
    assertThat(timeline.entries())
        .extracting(e -> e.alert().orElseThrow().alertId())
        .containsExactly(id + "-1", id + "-2", id + "-3");
    assertThat(timeline.entries().get(0).alert().orElseThrow().pending()).isFalse();
    assertThat(timeline.entries().get(0).alert().orElseThrow().messageId()).contains("msg-1");
    assertThat(timeline.entries().get(0).alert().orElseThrow().publishedAt()).isPresent();
    assertThat(timeline.entries().get(2).alert().orElseThrow().pending()).isTrue();
    assertThat(timeline.entries().get(2).alert().orElseThrow().message())
        .isEqualTo(HistoryWriter.message(transitions.get(2)));

    // Listed under its current layer, not the one it opened with.
    assertThat(ids(all(onDay(IncidentQuery.ofLayer(Layer.LOAD_BALANCER), "2026-03-05"), 10)))
        .containsExactly(id);
    assertThat(all(onDay(IncidentQuery.ofLayer(Layer.ORIGIN), "2026-03-05"), 10)).isEmpty();
    assertThat(store().incident("01J0000000000000000000NONE")).isEmpty();
  }

  @Test
  public void theOutboxListsWhatIsUnpublishedAndClearingItIsConditional() {
    String t =
        new HistoryWriter(store(), "ob-t").incident("2026-03-06T09:01:00Z", Layer.ORIGIN, false);
    String u = new HistoryWriter(store(), "ob-u").incident("2026-03-06T09:11:00Z", Layer.CDN, true);

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
    IncidentStore store = store();
    return Page.collect(PageRequest.first(1), 10_000, p -> store.pending(Instant.MAX, p));
  }

  private List<String> pendingIds() {
    return pending().stream().map(PendingAlert::alertId).toList();
  }

  @Test
  public void aCommitOnAStaleVersionIsAConflictAndWritesNothing() {
    IncidentStore store = store();
    TargetState none = store.load("cf-t", deadline());
    assertThat(none.version()).isZero();
    assertThat(none.incidents()).isEqualTo(IncidentState.empty("cf-t"));
    assertThat(none.baselines()).isEmpty();
    assertThat(none.status()).isEmpty();

    HistoryWriter history = new HistoryWriter(store, "cf-t");
    history.round(slot("2026-03-07T09:00:00Z"), failing(Layer.ORIGIN, Cause.HTTP_5XX));
    TargetState after = store.load("cf-t", deadline());
    assertThat(after.version()).isEqualTo(1);
    assertThat(after.incidents().window()).hasSize(1);

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
    assertThat(store.load("cf-t", deadline())).isEqualTo(after);

    history.round(opening, signature);
    assertThat(store.load("cf-t", deadline()).version()).isEqualTo(2);
    assertThat(store.incident(id)).isPresent();
  }

  @Test
  public void aTransitionAlreadyRecordedIsNeitherRecordedAgainNorOverwritten() {
    IncidentStore store = store();
    HistoryWriter history = new HistoryWriter(store, "dup-t");
    String id = history.incident("2026-03-08T09:01:00Z", Layer.ORIGIN, false);
    Transition opened = history.recorded().get(0);
    TargetState stored = store.load("dup-t", deadline());

    // The state moved on without knowing (say it was restored from a backup): the same transition
    // is committed again with another rendering.
    IncidentCommit.Entry again =
        new IncidentCommit.Entry(opened, "second attempt", "{}", HistoryWriter.message(opened));
    CommitResult result =
        store.commit(
            new IncidentCommit("dup-t", stored.version(), stored.incidents(), List.of(again)),
            Instant.now().plusSeconds(30));
    assertThat(result.outcome()).isEqualTo(CommitResult.Outcome.COMMITTED);
    assertThat(result.recordedAlertIds()).isEmpty();
    assertThat(store.load("dup-t", deadline()).version()).isEqualTo(stored.version() + 1);

    IncidentTimeline timeline = store.incident(id).orElseThrow();
    assertThat(timeline.entries()).hasSize(1);
    assertThat(timeline.entries().get(0).summary()).isEqualTo(HistoryWriter.summary(opened));
    assertThat(pendingIds().stream().filter(a -> a.startsWith(id))).containsExactly(id + "-1");
  }

  @Test
  public void baselinesAreKeptPerPathAndOnlyMoveForward() {
    IncidentStore store = store();
    Instant nine = Instant.parse("2026-03-09T09:01:00Z");
    // Its usual latency too: the last healthy answers' timings, oldest first, survive the store.
    PathBaseline lb =
        new PathBaseline(
            "bl-t/lb",
            Map.of("nginx", 4, "unknown", 1),
            Map.of("alb", 5),
            5,
            List.of(
                new PathBaseline.Latency(41_250_000L, 43_900_000L),
                new PathBaseline.Latency(39_800_000L, 42_100_000L),
                new PathBaseline.Latency(1_204_000_000L, 1_206_500_000L)));
    PathBaseline origin = new PathBaseline("bl-t/origin[0]", Map.of("nginx", 5), Map.of(), 5);
    assertThat(store.load("bl-t", deadline()).baselines()).isEmpty();
    assertThat(
            store.saveBaselines(
                "bl-t",
                List.of(
                    new LearnedBaseline("lb", lb, nine),
                    new LearnedBaseline("origin[0]", origin, nine)),
                deadline()))
        .containsExactly("lb", "origin[0]");

    PathBaseline later = new PathBaseline("bl-t/lb", Map.of("nginx", 9), Map.of(), 9);
    assertThat(
            store.saveBaselines(
                "bl-t", List.of(new LearnedBaseline("lb", later, nine)), deadline()))
        .as("the same slot twice")
        .isEmpty();
    assertThat(
            store.saveBaselines(
                "bl-t",
                List.of(new LearnedBaseline("lb", later, nine.minusSeconds(60))),
                deadline()))
        .as("an older slot")
        .isEmpty();
    assertThat(store.load("bl-t", deadline()).baselines())
        .containsOnlyKeys("lb", "origin[0]")
        .containsEntry("lb", new LearnedBaseline("lb", lb, nine))
        .containsEntry("origin[0]", new LearnedBaseline("origin[0]", origin, nine));

    Instant next = nine.plusSeconds(60);
    assertThat(
            store.saveBaselines(
                "bl-t", List.of(new LearnedBaseline("lb", later, next)), deadline()))
        .containsExactly("lb");
    assertThat(store.load("bl-t", deadline()).baselines().get("lb"))
        .isEqualTo(new LearnedBaseline("lb", later, next));
    assertThat(store.load("bl-other", deadline()).baselines()).isEmpty();
    assertThat(store.load("bl-t", deadline()).version())
        .as("baselines do not move the state's version")
        .isZero();
  }

  @Test
  public void aContinuationTokenOnlyContinuesTheQueryThatIssuedIt() {
    HistoryWriter history = new HistoryWriter(store(), "tok-t");
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
    assertThatThrownBy(() -> store().pending(Instant.MAX, PageRequest.after(token, 1)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("belongs to another query");
    assertThat(store().find(IncidentQuery.ofTarget("tok-t"), PageRequest.after(token, 1)).items())
        .hasSize(1);
  }

  @Test
  public void aContinuationTokenWhoseKeyWasEditedIsRefused() {
    HistoryWriter history = new HistoryWriter(store(), "tok-e");
    history.incident("2026-03-10T09:01:00Z", Layer.ORIGIN, true);
    String second = history.incident("2026-03-10T09:11:00Z", Layer.ORIGIN, true);
    // Out of the outbox, which other tests of a shared table drain.
    for (Transition t : history.recorded()) {
      store().markPublished(t.incidentId(), t.number(), "sent", deadline());
    }
    String token =
        store()
            .find(IncidentQuery.ofTarget("tok-e"), PageRequest.first(1))
            .continuation()
            .orElseThrow();
    int dot = token.indexOf('.');
    String content =
        new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
    assertThat(content).contains(second);
    // Start after another id of the same target, without signing the token again.
    char last = second.charAt(second.length() - 1);
    String earlier = second.substring(0, second.length() - 1) + (last == '0' ? '1' : '0');
    String edited =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(content.replace(second, earlier).getBytes(StandardCharsets.UTF_8))
            + token.substring(dot);

    assertThatThrownBy(
            () -> store().find(IncidentQuery.ofTarget("tok-e"), PageRequest.after(edited, 1)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("next: the continuation token is not one this service issued (bad signature)");
  }

  @Test
  public void theAnalyzerTakesATargetFromFailingRoundsToAResolvedIncident() {
    RoundStore rounds = rounds();
    TargetRegistry registry = registry();
    registry.apply(List.of(Rounds.target("life-t")), false);
    RecordingPublisher publisher = new RecordingPublisher(null);
    IncidentStore incidents = store();
    AnalyzerService analyzer =
        new AnalyzerService(
            registry,
            rounds,
            incidents,
            publisher,
            MetricsSink.NONE,
            new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
            AnalyzerSettings.DEFAULT.withReanalyzeSlots(0),
            Clock.systemUTC());

    // Rounds of recent slots: DynamoDB Local removes rounds whose TTL has passed.
    List<RoundSlot> slots = new ArrayList<>();
    RoundSlot slot =
        RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(10)), HistoryWriter.MINUTE);
    assertThat(incidents.statuses(List.of("life-t"))).isEmpty();
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
    TargetAnalysis opening = reports.get(1).target("life-t");
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

    // The same slot delivered again: nothing read, nothing written, nothing sent.
    long version = incidents.load("life-t", deadline()).version();
    AnalysisReport again = analyzer.analyze(slots.get(4), Instant.now().plusSeconds(60));
    assertThat(again.target("life-t").status()).isEqualTo(TargetAnalysis.Status.UP_TO_DATE);
    assertThat(again.transitions()).isZero();
    assertThat(publisher.sentIds()).hasSize(2);
    assertThat(incidents.load("life-t", deadline()).version()).isEqualTo(version);

    // Healthy answers taught each path its generator, once per slot.
    Map<String, LearnedBaseline> baselines = incidents.load("life-t", deadline()).baselines();
    assertThat(baselines).containsOnlyKeys("cdn", "lb", "origin[0]");
    assertThat(baselines.get("lb").learnedThrough()).isEqualTo(slots.get(4).start());
    assertThat(baselines.get("lb").baseline().samples()).isEqualTo(6);
    assertThat(baselines.get("lb").baseline().generators()).containsOnlyKeys("nginx");

    // The status shows the newest slot's verdict and each region's last round.
    var status = incidents.statuses(List.of("life-t", "nobody")).get("life-t");
    assertThat(status.slot()).isEqualTo(slots.get(4));
    assertThat(status.layer()).isEqualTo(Layer.NONE);
    assertThat(status.open()).isEmpty();
    assertThat(status.regions()).containsOnlyKeys("eu-west-1", "us-east-1");
    assertThat(status.regions().get("us-east-1").paths())
        .extracting(p -> p.label())
        .containsExactly("cdn", "lb", "origin[0]");
    assertThat(incidents.statuses(List.of("nobody"))).isEmpty();
  }

  @Test
  public void aFailedAlertKeepsItsAttemptsAndMovesBehindTheOthers() {
    String a =
        new HistoryWriter(store(), "due-a").incident("2026-03-11T09:01:00Z", Layer.ORIGIN, false);
    String b =
        new HistoryWriter(store(), "due-b").incident("2026-03-11T09:11:00Z", Layer.CDN, false);
    IncidentStore store = store();
    Instant now = Instant.now();
    assertThat(pendingIds()).contains(a + "-1", b + "-1");
    PendingAlert fresh = pendingOf(a + "-1");
    assertThat(fresh.attempts()).isZero();
    assertThat(fresh.lastError()).isEmpty();
    assertThat(fresh.nextAttemptAt()).isEqualTo(fresh.createdAt());

    Instant later = now.plusSeconds(600);
    assertThat(store.recordFailure(a, 1, "SNS throttled", later, deadline())).isTrue();
    PendingAlert failed = pendingOf(a + "-1");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastError()).contains("SNS throttled");
    assertThat(failed.nextAttemptAt().toEpochMilli()).isEqualTo(later.toEpochMilli());

    List<String> dueNow =
        Page.collect(PageRequest.first(1), 10_000, p -> store.pending(now, p)).stream()
            .map(PendingAlert::alertId)
            .toList();
    assertThat(dueNow).contains(b + "-1").doesNotContain(a + "-1");
    List<String> all = pendingIds();
    assertThat(all.indexOf(b + "-1"))
        .as("earliest due first: the failed alert moved behind")
        .isLessThan(all.indexOf(a + "-1"));
    assertThat(store.recordFailure(a, 2, "no such alert", later, deadline())).isFalse();
  }

  @Test
  public void aDeadLetterLeavesThePendingAlertsAndIsKeptWithItsReason() {
    String a =
        new HistoryWriter(store(), "dead-a").incident("2026-03-12T09:01:00Z", Layer.ORIGIN, false);
    String b =
        new HistoryWriter(store(), "dead-b").incident("2026-03-12T09:11:00Z", Layer.CDN, false);
    IncidentStore store = store();
    store.recordFailure(a, 1, "InvalidParameter: too long", Instant.now(), deadline());
    assertThat(store.deadLetter(a, 1, "refused 3 times: InvalidParameter", deadline())).isTrue();
    assertThat(store.deadLetter(a, 1, "again", deadline())).as("no longer pending").isFalse();
    assertThat(store.markPublished(a, 1, "m", deadline()))
        .as("a dead letter is not sent")
        .isFalse();
    assertThat(pendingIds()).doesNotContain(a + "-1").contains(b + "-1");

    store.deadLetter(b, 1, "undeliverable for 1440 min", deadline());
    List<DeadLetter> dead =
        Page.collect(PageRequest.first(1), 10_000, store::deadLetters).stream()
            .filter(d -> d.incidentId().equals(a) || d.incidentId().equals(b))
            .toList();
    assertThat(dead).extracting(DeadLetter::alertId).containsExactly(b + "-1", a + "-1");
    DeadLetter first = dead.get(1);
    assertThat(first.reason()).isEqualTo("refused 3 times: InvalidParameter");
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(first.number()).isEqualTo(1);
    assertThat(first.message().alertId()).isEqualTo(a + "-1");

    AlertRecord record = store.incident(a).orElseThrow().entries().get(0).alert().orElseThrow();
    assertThat(record.pending()).isFalse();
    assertThat(record.deadLetter()).contains("refused 3 times: InvalidParameter");
    assertThat(record.attempts()).isEqualTo(1);
    assertThat(record.lastError()).contains("InvalidParameter: too long");

    String token = store.deadLetters(PageRequest.first(1)).continuation().orElseThrow();
    assertThatThrownBy(() -> store.pending(Instant.MAX, PageRequest.after(token, 1)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("belongs to another query");
  }

  @Test
  public void theStatusIsWrittenWithTheStateAndReadInBatches() {
    IncidentStore store = store();
    RoundSlot slot = slot("2026-03-13T09:01:00Z");
    TargetStatus status =
        new TargetStatus(
            "st-a",
            slot,
            Layer.CDN,
            Cause.HTTP_5XX,
            Severity.PAGE,
            Scope.REGIONAL,
            List.of("eu-west-1"),
            "The CDN answers 502 in eu-west-1.",
            List.of("ap-southeast-2"),
            Optional.empty(),
            Map.of(
                "eu-west-1",
                new TargetStatus.RegionStatus(
                    slot,
                    true,
                    List.of(
                        new TargetStatus.PathStatus(
                            "cdn", FailureClass.HTTP_5XX, Optional.of(502), Optional.of(12.5)),
                        new TargetStatus.PathStatus(
                            "lb",
                            FailureClass.CONNECT_TIMEOUT,
                            Optional.empty(),
                            Optional.empty()))),
                "us-east-1",
                new TargetStatus.RegionStatus(slot.previous(), false, List.of())),
            Instant.parse("2026-03-13T09:02:20Z"));
    IncidentState state =
        new Incidents(IncidentPolicy.DEFAULT)
            .apply(IncidentState.empty("st-a"), new RoundSummary(slot, Signature.HEALTHY))
            .state();
    CertificateState certificates =
        new CertificateState(
            "st-a",
            List.of(
                new OpenCertificateIncident(
                    CertificateIncidents.incidentId("st-a", "lb", "ab12cd", slot),
                    "lb",
                    "ab12cd",
                    "CN=st-a.example.com",
                    "CN=Test CA",
                    Instant.parse("2026-03-20T00:00:00Z"),
                    Severity.WARN,
                    Scope.ALL_REGIONS,
                    List.of("eu-west-1"),
                    1,
                    slot,
                    slot)),
            Optional.of(slot));
    CommitResult result =
        store.commit(
            new IncidentCommit("st-a", 0, state, certificates, List.of(), Optional.of(status)),
            deadline());
    assertThat(result.committed()).isTrue();
    TargetState loaded = store.load("st-a", deadline());
    assertThat(loaded.status()).contains(status);
    assertThat(loaded.certificates())
        .as("the expiring-certificate incidents are kept with the state")
        .isEqualTo(certificates);

    List<String> many = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      many.add("st-none-" + i);
    }
    many.add(60, "st-a");
    assertThat(store.statuses(many)).containsOnlyKeys("st-a").containsEntry("st-a", status);
  }

  private PendingAlert pendingOf(String alertId) {
    return pending().stream()
        .filter(p -> p.alertId().equals(alertId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(alertId + " is not pending"));
  }
}
