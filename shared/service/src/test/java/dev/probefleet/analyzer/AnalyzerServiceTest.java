package dev.probefleet.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.RoundOutcome;
import dev.probefleet.incident.RoundSummary;
import dev.probefleet.incident.Transition;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.model.UnprobedPath;
import dev.probefleet.store.DeadLetter;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.TargetStatus;
import dev.probefleet.store.contract.CountingStores;
import dev.probefleet.store.contract.ManualClock;
import dev.probefleet.store.contract.Rounds;
import dev.probefleet.store.memory.InMemoryIncidentStore;
import dev.probefleet.store.memory.InMemoryRoundStore;
import dev.probefleet.store.memory.InMemoryTargetRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The analyzer over the in-memory stores and a manual clock, one scenario per team decision: fast
 * confirmation, the outbox that never blocks, multi-region "no data", sharding, and what a run
 * costs in reads and writes.
 */
class AnalyzerServiceTest {
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final String EU = "eu-west-1";
  private static final String US = "us-east-1";
  private static final BaselineLearning BASELINES =
      new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults());

  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryTargetRegistry registry = new InMemoryTargetRegistry();
  private final InMemoryRoundStore roundStore = new InMemoryRoundStore();
  private final CountingStores.Rounds rounds = new CountingStores.Rounds(roundStore);
  private final InMemoryIncidentStore incidentStore = new InMemoryIncidentStore(clock);
  private final CountingStores.Incidents incidents = new CountingStores.Incidents(incidentStore);
  private final ScriptedPublisher publisher = new ScriptedPublisher(clock);

  /** The dead letters each run reported to the outbox metric. */
  private final List<Integer> deadLetteredMetric = new ArrayList<>();

  private final MetricsSink metrics =
      new MetricsSink() {
        @Override
        public void round(RoundRecord round) {}

        @Override
        public void verdict(
            String target, String region, Layer layer, Cause cause, Severity severity) {}

        @Override
        public void outbox(
            int pending,
            boolean pendingIsLowerBound,
            Optional<Duration> oldestPending,
            int published,
            int failed,
            int deadLettered) {
          deadLetteredMetric.add(deadLettered);
        }
      };
  private AnalyzerSettings settings = AnalyzerSettings.DEFAULT.withExpectedRegions(List.of(EU, US));

  @BeforeEach
  void registerShop() {
    registry.apply(List.of(Rounds.target("shop")), false);
  }

  static RoundSlot slot(int minute) {
    return new RoundSlot(T0.plus(Duration.ofMinutes(minute)), Duration.ofMinutes(1));
  }

  private AnalyzerService analyzer() {
    return new AnalyzerService(
        registry, rounds, incidents, publisher, metrics, BASELINES, settings, clock);
  }

  /** The run for a slot, at the end of its grace period. */
  private AnalysisReport analyze(int minute) {
    return analyze(minute, Shard.ALL);
  }

  private AnalysisReport analyze(int minute, Shard shard) {
    clock.set(slot(minute).next().start().plus(settings.grace()));
    AnalyzerService analyzer = analyzer();
    assertThat(analyzer.dueSlot(clock.instant())).isEqualTo(slot(minute));
    return analyzer.analyze(slot(minute), shard, clock.instant().plusSeconds(40));
  }

  private void write(RoundRecord... records) {
    assertThat(roundStore.write(List.of(records), clock.instant().plusSeconds(5)).written())
        .isEqualTo(records.length);
  }

  /** The round with the fast confirmation of its failing paths, answering as {@code again}. */
  private static RoundRecord confirmedBy(RoundRecord round, RoundRecord again) {
    List<String> failing =
        round.observations().stream()
            .filter(o -> o.representative().failing())
            .map(PathObservation::label)
            .toList();
    return round.withConfirmations(
        again.observations().stream().filter(o -> failing.contains(o.label())).toList());
  }

  /** A hard failure: the confirmation failed the same way. */
  private static RoundRecord hardDown(String target, int minute, String region) {
    RoundRecord down = Rounds.originRefusing(target, slot(minute), region);
    return confirmedBy(down, down);
  }

  private static List<String> kinds(List<Transition> transitions) {
    return transitions.stream().map(t -> t.kind() + "@" + t.slot()).toList();
  }

  private RoundSummary window(String target, int minute) {
    return incidentStore
        .load(target, clock.instant().plusSeconds(5))
        .incidents()
        .at(slot(minute))
        .orElseThrow(() -> new AssertionError("slot " + minute + " is not in the window"));
  }

  private TargetStatus status(String target) {
    return incidentStore.statuses(List.of(target)).get(target);
  }

  @Nested
  class Scheduled {
    private final List<Duration> waits = new ArrayList<>();

    private AnalyzerService scheduled() {
      return new AnalyzerService(
          registry,
          rounds,
          incidents,
          publisher,
          metrics,
          BASELINES,
          settings,
          clock,
          d -> {
            waits.add(d);
            clock.advance(d);
          });
    }

    @Test
    void aScheduleFiringAtThePeriodsStartAnalysesTheSlotJustOverOnceItsGraceIsOver() {
      write(Rounds.healthy("shop", slot(0), EU), Rounds.healthy("shop", slot(0), US));
      Instant fired = slot(1).start();
      clock.set(fired.plusMillis(300));

      AnalysisReport report = scheduled().analyzeScheduled(fired, Shard.ALL, fired.plusSeconds(58));

      assertThat(report.slot()).isEqualTo(slot(0));
      assertThat(waits).containsExactly(settings.grace().minusMillis(300));
      assertThat(report.target("shop").status()).isEqualTo(TargetAnalysis.Status.ANALYSED);
    }

    @Test
    void aLateOrRetriedInvocationAnalysesItsOwnSlotAtOnce() {
      write(Rounds.healthy("shop", slot(0), EU), Rounds.healthy("shop", slot(0), US));
      Instant fired = slot(1).start();
      clock.set(fired.plus(Duration.ofMinutes(3)));

      AnalysisReport report =
          scheduled().analyzeScheduled(fired, Shard.ALL, clock.instant().plusSeconds(50));

      assertThat(report.slot()).isEqualTo(slot(0));
      assertThat(waits).isEmpty();
    }

    @Test
    void theWaitNeverTakesMoreThanHalfTheTimeLeft() {
      Instant fired = slot(1).start();
      clock.set(fired);

      scheduled().analyzeScheduled(fired, Shard.ALL, fired.plusSeconds(30));

      assertThat(settings.grace()).isGreaterThan(Duration.ofSeconds(15));
      assertThat(waits).containsExactly(Duration.ofSeconds(15));
    }
  }

  @Nested
  class FastConfirmation {
    @Test
    void aConfirmedHardFailureOpensAnIncidentAfterOneScheduledRound() {
      write(hardDown("shop", 0, EU), hardDown("shop", 0, US));

      AnalysisReport report = analyze(0);

      TargetAnalysis shop = report.target("shop");
      assertThat(kinds(shop.transitions())).containsExactly("OPENED@" + slot(0));
      String id = Incidents.incidentId("shop", slot(0));
      assertThat(shop.transitions().get(0).incidentId()).isEqualTo(id);
      assertThat(shop.verdict().orElseThrow().layer()).isEqualTo(Layer.ORIGIN);
      assertThat(window("shop", 0).samples()).isEqualTo(2);
      assertThat(report.alertsPublished()).containsExactly(id + "-1");
      assertThat(publisher.accepted()).containsExactly(id + "-1");
      assertThat(report.complete()).isTrue();
    }

    @Test
    void aBlipWhoseConfirmationAnsweredCannotOpen() {
      write(
          confirmedBy(
              Rounds.originRefusing("shop", slot(0), EU), Rounds.healthy("shop", slot(0), EU)),
          confirmedBy(
              Rounds.originRefusing("shop", slot(0), US), Rounds.healthy("shop", slot(0), US)));
      write(Rounds.healthy("shop", slot(1), EU), Rounds.healthy("shop", slot(1), US));

      AnalysisReport first = analyze(0);
      AnalysisReport second = analyze(1);

      assertThat(first.target("shop").verdict().orElseThrow().layer()).isEqualTo(Layer.ORIGIN);
      assertThat(first.transitions() + second.transitions()).isZero();
      assertThat(window("shop", 0).samples()).isEqualTo(1);
      assertThat(publisher.attempts()).isEmpty();
    }

    @Test
    void aConfirmationFailingAtAnotherLayerDoesNotConfirm() {
      // The origin came back; CloudFront still fails: not the same failure seen again.
      write(
          confirmedBy(
              Rounds.originRefusing("shop", slot(0), EU), Rounds.cdnFailing("shop", slot(0), EU)),
          confirmedBy(
              Rounds.originRefusing("shop", slot(0), US), Rounds.cdnFailing("shop", slot(0), US)));

      AnalysisReport report = analyze(0);

      assertThat(report.transitions()).isZero();
      assertThat(window("shop", 0).samples()).isEqualTo(1);
    }

    @Test
    void aBlipInOneRegionIsNotConfirmedByTheOtherRegionsUnconfirmedFailure() {
      // eu-west-1's confirmation answered; us-east-1 had no time left to confirm.
      write(
          confirmedBy(
              Rounds.originRefusing("shop", slot(0), EU), Rounds.healthy("shop", slot(0), EU)),
          Rounds.originRefusing("shop", slot(0), US));

      AnalysisReport report = analyze(0);

      assertThat(report.transitions()).isZero();
      assertThat(window("shop", 0).samples()).as("nothing failed a second time").isEqualTo(1);
    }

    @Test
    void aRoundWhoseFailingPathsWereNotAllProbedAgainIsNotConfirmedByTheOthers() {
      // The deadline came before the origin's confirmation could start: only the CDN and the
      // load balancer were probed again, and both answered. Their 502s were the blip; the origin
      // refusing connections was not seen a second time.
      RoundRecord eu = Rounds.originRefusing("shop", slot(0), EU);
      RoundRecord us = Rounds.originRefusing("shop", slot(0), US);
      write(partlyConfirmed(eu), partlyConfirmed(us));

      AnalysisReport report = analyze(0);

      assertThat(report.transitions()).isZero();
      assertThat(window("shop", 0).samples()).isEqualTo(1);
    }

    @Test
    void aFailureConfirmedInOneRegionCountsTwiceWhileTheOtherHadNoTimeToConfirm() {
      write(hardDown("shop", 0, EU), Rounds.originRefusing("shop", slot(0), US));

      AnalysisReport report = analyze(0);

      assertThat(kinds(report.target("shop").transitions())).containsExactly("OPENED@" + slot(0));
      assertThat(window("shop", 0).samples()).isEqualTo(2);
    }

    private RoundRecord partlyConfirmed(RoundRecord round) {
      RoundRecord healthy = Rounds.healthy("shop", round.slot(), round.region());
      return round.withConfirmations(
          healthy.observations().stream().filter(o -> !o.label().equals("origin[0]")).toList());
    }

    @Test
    void withoutAConfirmationAFailureNeedsTwoSlotsAsBefore() {
      write(Rounds.originRefusing("shop", slot(0), EU), Rounds.originRefusing("shop", slot(0), US));
      write(Rounds.originRefusing("shop", slot(1), EU), Rounds.originRefusing("shop", slot(1), US));

      assertThat(analyze(0).transitions()).isZero();
      AnalysisReport second = analyze(1);

      assertThat(kinds(second.target("shop").transitions())).containsExactly("OPENED@" + slot(1));
      assertThat(second.target("shop").transitions().get(0).incidentId())
          .isEqualTo(Incidents.incidentId("shop", slot(1)));
    }
  }

  @Nested
  class OutboxNeverBlocks {
    @Test
    void threeRefusedAlertsNoLongerStopANewOne() {
      settings = settings.withOutbox(OutboxSettings.DEFAULT.withBreakerThreshold(3));
      List<String> big = List.of("big-a", "big-b", "big-c");
      registry.apply(
          List.of(
              Rounds.target("shop"),
              Rounds.target("big-a"),
              Rounds.target("big-b"),
              Rounds.target("big-c")),
          false);
      for (String t : big) {
        publisher.answer(t, ScriptedPublisher.Answer.REFUSE_FOR_GOOD);
        write(hardDown(t, 0, EU), hardDown(t, 0, US));
      }
      for (int minute = 0; minute < 3; minute++) {
        write(Rounds.healthy("shop", slot(minute), EU), Rounds.healthy("shop", slot(minute), US));
      }
      List<String> refused =
          big.stream().map(t -> Incidents.incidentId(t, slot(0)) + "-1").toList();

      AnalysisReport first = analyze(0);
      assertThat(first.alertsPending()).containsExactlyInAnyOrderElementsOf(refused);

      AnalysisReport second = analyze(1);
      assertThat(second.alertsPending()).containsExactlyInAnyOrderElementsOf(refused);

      write(hardDown("shop", 3, EU), hardDown("shop", 3, US));
      AnalysisReport third = analyze(2);
      assertThat(third.alertsDeadLettered()).containsExactlyInAnyOrderElementsOf(refused);

      AnalysisReport fourth = analyze(3);
      String shopAlert = Incidents.incidentId("shop", slot(3)) + "-1";
      assertThat(fourth.alertsPublished()).containsExactly(shopAlert);
      assertThat(publisher.accepted()).containsExactly(shopAlert);
      assertThat(refused).allSatisfy(id -> assertThat(publisher.attemptsOf(id)).isEqualTo(3));
      assertThat(Page.collect(PageRequest.first(10), 100, incidentStore::deadLetters))
          .as("kept and listed")
          .extracting(DeadLetter::alertId)
          .containsExactlyInAnyOrderElementsOf(refused);
      assertThat(deadLetteredMetric).as("and counted, per run").containsExactly(0, 0, 3, 0);
    }

    @Test
    void theAlertOfARunIsPublishedInThatRunWhileOthersAreRefused() {
      settings = settings.withOutbox(OutboxSettings.DEFAULT.withBreakerThreshold(3));
      registry.apply(
          List.of(
              Rounds.target("shop"),
              Rounds.target("big-a"),
              Rounds.target("big-b"),
              Rounds.target("big-c")),
          false);
      for (String t : List.of("big-a", "big-b", "big-c")) {
        publisher.answer(t, ScriptedPublisher.Answer.REFUSE_FOR_GOOD);
        write(hardDown(t, 0, EU), hardDown(t, 0, US));
      }
      analyze(0);
      write(hardDown("shop", 1, EU), hardDown("shop", 1, US));

      AnalysisReport report = analyze(1);

      String shopAlert = Incidents.incidentId("shop", slot(1)) + "-1";
      assertThat(report.alertsPublished()).containsExactly(shopAlert);
      assertThat(report.alertsPending()).hasSize(3).doesNotContain(shopAlert);
      assertThat(report.errors()).noneSatisfy(e -> assertThat(e).contains("in a row"));
    }
  }

  @Nested
  class Regions {
    @Test
    void anOpenIncidentDoesNotResolveWhileARegionIsSilentAndResolvesWithItsLateRounds() {
      write(hardDown("shop", 0, EU), hardDown("shop", 0, US));
      assertThat(kinds(analyze(0).target("shop").transitions()))
          .containsExactly("OPENED@" + slot(0));

      for (int minute = 1; minute <= 3; minute++) {
        write(Rounds.healthy("shop", slot(minute), US));
        AnalysisReport report = analyze(minute);
        TargetAnalysis shop = report.target("shop");
        assertThat(shop.transitions()).as("minute %d", minute).isEmpty();
        assertThat(shop.missingRegions()).containsExactly(EU);
        assertThat(shop.regions()).containsExactly(US);
        assertThat(shop.verdict().orElseThrow().healthy()).isTrue();
      }
      TargetStatus silent = status("shop");
      assertThat(silent.slot()).isEqualTo(slot(3));
      assertThat(silent.layer()).isEqualTo(Layer.NONE);
      assertThat(silent.missingRegions()).containsExactly(EU);
      assertThat(silent.open()).as("still open: eu-west-1 may still see it").isPresent();
      assertThat(silent.regions().get(EU).slot()).as("eu-west-1's last round").isEqualTo(slot(0));
      assertThat(silent.regions().get(US).slot()).isEqualTo(slot(3));
      assertThat(silent.regions().get(US).complete()).isTrue();

      // eu-west-1's rounds of minutes 2 and 3 arrive late, then minute 4 comes from both.
      write(Rounds.healthy("shop", slot(2), EU), Rounds.healthy("shop", slot(3), EU));
      write(Rounds.healthy("shop", slot(4), EU), Rounds.healthy("shop", slot(4), US));
      AnalysisReport caughtUp = analyze(4);

      TargetAnalysis shop = caughtUp.target("shop");
      assertThat(shop.slots()).containsExactly(slot(2), slot(3), slot(4));
      assertThat(kinds(shop.transitions())).containsExactly("RESOLVED@" + slot(4));
      TargetStatus resolved = status("shop");
      assertThat(resolved.missingRegions()).isEmpty();
      assertThat(resolved.open()).isEmpty();
      assertThat(resolved.regions().get(EU).slot()).isEqualTo(slot(4));
    }

    @Test
    void aRegionsRoundArrivingAfterTheFirstAnalysisIsTakenIntoAccountLater() {
      write(Rounds.healthy("shop", slot(0), US));
      TargetAnalysis first = analyze(0).target("shop");
      assertThat(first.missingRegions()).containsExactly(EU);
      assertThat(window("shop", 0).reported()).containsExactly(US);
      assertThat(window("shop", 0).healthy()).isTrue();

      // eu-west-1 saw CloudFront fail at minute 0; its round is written after the analysis.
      write(Rounds.cdnFailing("shop", slot(0), EU));
      write(Rounds.cdnFailing("shop", slot(1), EU), Rounds.healthy("shop", slot(1), US));
      TargetAnalysis second = analyze(1).target("shop");

      assertThat(second.slots()).containsExactly(slot(0), slot(1));
      RoundSummary revised = window("shop", 0);
      assertThat(revised.reported()).containsExactly(EU, US);
      assertThat(revised.signature().layer()).isEqualTo(Layer.CDN);
      assertThat(kinds(second.transitions()))
          .as("minute 0 now fails too: two failing slots of the CDN")
          .containsExactly("OPENED@" + slot(1));
      assertThat(second.transitions().get(0).signature().regions()).containsExactly(EU);
    }

    @Test
    void theRunOfASlotAgainWithALateRegionRevisesItsWindowEntry() {
      write(Rounds.originRefusing("shop", slot(0), US));
      TargetAnalysis first = analyze(0).target("shop");
      assertThat(first.outcome()).contains(RoundOutcome.APPLIED);
      assertThat(first.verdict().orElseThrow().regions()).containsExactly(US);

      write(Rounds.originRefusing("shop", slot(0), EU));
      TargetAnalysis again = analyze(0).target("shop");

      assertThat(again.outcome()).contains(RoundOutcome.REVISED);
      assertThat(again.regions()).containsExactly(EU, US);
      assertThat(again.missingRegions()).isEmpty();
      assertThat(again.verdict().orElseThrow().regions()).containsExactly(EU, US);
      assertThat(window("shop", 0).reported()).containsExactly(EU, US);
    }

    @Test
    void anIncompleteRoundIsNoData() {
      write(hardDown("shop", 0, EU), hardDown("shop", 0, US));
      analyze(0);

      for (int minute = 1; minute <= 4; minute++) {
        RoundRecord healthyButIncomplete = withoutOrigin(Rounds.healthy("shop", slot(minute), EU));
        write(healthyButIncomplete, Rounds.healthy("shop", slot(minute), US));
        TargetAnalysis shop = analyze(minute).target("shop");
        assertThat(shop.transitions()).as("minute %d", minute).isEmpty();
        assertThat(shop.regions()).as("eu-west-1's round is left out").containsExactly(US);
        assertThat(shop.missingRegions()).containsExactly(EU);
      }

      TargetStatus status = status("shop");
      assertThat(status.open()).isPresent();
      assertThat(status.missingRegions()).containsExactly(EU);
      assertThat(status.regions().get(EU).complete()).isFalse();
      assertThat(status.regions().get(EU).slot()).isEqualTo(slot(4));
    }

    @Test
    void anIncompleteRoundDoesNotShapeTheVerdict() {
      // eu-west-1 could not probe its origin; what it saw of the cdn and lb is left out too.
      write(
          Rounds.originRefusing("shop", slot(0), US),
          withoutOrigin(Rounds.healthy("shop", slot(0), EU)));

      TargetAnalysis shop = analyze(0).target("shop");

      assertThat(shop.verdict().orElseThrow().layer()).isEqualTo(Layer.ORIGIN);
      assertThat(shop.verdict().orElseThrow().regions()).containsExactly(US);
      assertThat(shop.regions()).containsExactly(US);
      assertThat(window("shop", 0).reported()).containsExactly(US);
    }

    private static RoundRecord withoutOrigin(RoundRecord round) {
      List<PathObservation> probed =
          round.observations().stream().filter(o -> !o.label().equals("origin[0]")).toList();
      return new RoundRecord(
              round.target(), round.slot(), round.region(), round.startedAt(), probed)
          .withUnprobed(
              List.of(new UnprobedPath("origin[0]", "not probed: the round deadline passed")));
    }
  }

  @Nested
  class Cost {
    @Test
    void aTargetWhoseSlotsAreAllCompleteCostsOneReadAndNoWriteOnARepeatedRun() {
      registry.apply(List.of(Rounds.target("shop"), Rounds.target("api")), false);
      for (int minute = 0; minute < 3; minute++) {
        for (String t : List.of("shop", "api")) {
          write(Rounds.healthy(t, slot(minute), EU), Rounds.healthy(t, slot(minute), US));
        }
        analyze(minute);
      }
      incidents.counts.reset();
      rounds.counts.reset();

      AnalysisReport again = analyze(2);

      assertThat(again.targets())
          .extracting(TargetAnalysis::status)
          .containsOnly(TargetAnalysis.Status.UP_TO_DATE);
      assertThat(incidents.counts.of("load", "shop")).isEqualTo(1);
      assertThat(incidents.counts.of("load", "api")).isEqualTo(1);
      assertThat(rounds.counts.of("read")).as("no round read").isZero();
      assertThat(incidents.counts.of("commit")).as("no state written").isZero();
      assertThat(incidents.counts.of("saveBaselines")).isZero();
      assertThat(publisher.attempts()).isEmpty();
    }

    @Test
    void aSteadyHealthySlotCostsOneReadOfRoundsAndOneWriteOnceBaselinesSettled() {
      List<Integer> baselineWrites = new ArrayList<>();
      for (int minute = 0; minute < 8; minute++) {
        write(Rounds.healthy("shop", slot(minute), EU), Rounds.healthy("shop", slot(minute), US));
        incidents.counts.reset();
        rounds.counts.reset();
        analyze(minute);
        assertThat(incidents.counts.of("load", "shop")).isEqualTo(1);
        assertThat(rounds.counts.of("read", "shop")).isEqualTo(1);
        assertThat(incidents.counts.of("commit", "shop")).isLessThanOrEqualTo(1);
        baselineWrites.add(incidents.counts.of("saveBaselines", "shop"));
      }

      assertThat(baselineWrites)
          .as("two healthy answers a slot: learned for 5 slots (10 samples), then settled")
          .containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
      assertThat(
              incidentStore
                  .load("shop", clock.instant())
                  .baselines()
                  .get("lb")
                  .baseline()
                  .samples())
          .isEqualTo(10);
    }
  }

  @Nested
  class Sharding {
    @Test
    void aShardedRunTouchesOnlyItsShard() {
      List<Target> fleet = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        fleet.add(Rounds.target("svc-" + i));
      }
      registry.apply(fleet, true);
      for (Target t : fleet) {
        write(hardDown(t.name(), 0, EU), hardDown(t.name(), 0, US));
      }
      Shard shard = new Shard(1, 3);
      List<String> mine =
          fleet.stream().map(Target::name).filter(shard::contains).sorted().toList();
      assertThat(mine).isNotEmpty().hasSizeLessThan(fleet.size());

      AnalysisReport report = analyze(0, shard);

      assertThat(report.targets())
          .extracting(TargetAnalysis::target)
          .containsExactlyElementsOf(mine);
      assertThat(incidents.counts.targets("load")).containsExactlyElementsOf(mine);
      assertThat(incidents.counts.targets("commit")).containsExactlyElementsOf(mine);
      assertThat(rounds.counts.targets("read")).containsExactlyElementsOf(mine);
      assertThat(incidentStore.statuses(fleet.stream().map(Target::name).toList()))
          .containsOnlyKeys(mine);
      assertThat(publisher.accepted())
          .containsExactlyInAnyOrderElementsOf(
              mine.stream().map(t -> Incidents.incidentId(t, slot(0)) + "-1").toList());
      for (String t : mine) {
        assertThat(Shard.of(t, 3)).isEqualTo(1);
      }
    }
  }
}
