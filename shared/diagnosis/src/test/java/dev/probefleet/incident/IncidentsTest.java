package dev.probefleet.incident;

import static dev.probefleet.incident.TransitionKind.OPENED;
import static dev.probefleet.incident.TransitionKind.RESOLVED;
import static dev.probefleet.incident.TransitionKind.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.scenario.Pages;
import dev.probefleet.scenario.Sample;
import dev.probefleet.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The incident state machine, transition by transition. Slots are minutes 0, 1, 2 … */
class IncidentsTest {
  static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  static final List<String> BOTH = List.of("eu-west-1", "us-east-1");

  static final Signature OK = Signature.HEALTHY;
  static final Signature LB =
      new Signature(
          Layer.LOAD_BALANCER, Cause.UPSTREAM_TIMEOUT, Severity.PAGE, Scope.ALL_REGIONS, BOTH);
  static final Signature LB_CONNECT =
      new Signature(
          Layer.LOAD_BALANCER,
          Cause.UPSTREAM_CONNECT_FAILED,
          Severity.PAGE,
          Scope.ALL_REGIONS,
          BOTH);
  static final Signature CDN =
      new Signature(
          Layer.CDN, Cause.UPSTREAM_CONNECT_FAILED, Severity.PAGE, Scope.ALL_REGIONS, BOTH);
  static final Signature LB_ONE_REGION =
      new Signature(
          Layer.LOAD_BALANCER,
          Cause.UPSTREAM_TIMEOUT,
          Severity.WARN,
          Scope.REGIONAL,
          List.of("us-east-1"));
  static final Signature INSTANCE =
      new Signature(Layer.ORIGIN, Cause.INSTANCE_DEGRADED, Severity.WARN, Scope.ALL_REGIONS, BOTH);

  static RoundSlot slot(int minute) {
    return new RoundSlot(T0.plus(Duration.ofMinutes(minute)), Duration.ofMinutes(1));
  }

  /** Feeds rounds to one target's machine and keeps every transition. */
  static final class Run {
    final Incidents machine;
    IncidentState state = IncidentState.empty("shop");
    final List<Transition> transitions = new ArrayList<>();
    RoundOutcome last;

    Run(IncidentPolicy policy) {
      this.machine = new Incidents(policy);
    }

    Run() {
      this(IncidentPolicy.DEFAULT);
    }

    /** Rounds at consecutive minutes from {@code first}. */
    Run rounds(int first, Signature... signatures) {
      for (int i = 0; i < signatures.length; i++) {
        round(first + i, signatures[i]);
      }
      return this;
    }

    List<Transition> round(int minute, Signature signature) {
      IncidentStep step = machine.apply(state, new RoundSummary(slot(minute), signature));
      state = step.state();
      last = step.outcome();
      transitions.addAll(step.transitions());
      return step.transitions();
    }

    List<String> story() {
      return transitions.stream()
          .map(t -> t.kind() + "@" + minute(t.slot()) + "#" + t.number())
          .toList();
    }
  }

  static long minute(RoundSlot slot) {
    return Duration.between(T0, slot.start()).toMinutes();
  }

  @Nested
  class Opening {
    @Test
    void twoOfThreeFailingRoundsOfOneLayerOpen() {
      Run run = new Run().rounds(0, LB, LB);
      assertThat(run.story()).containsExactly("OPENED@1#1");
      Transition opened = run.transitions.get(0);
      assertThat(opened.signature()).isEqualTo(LB);
      assertThat(opened.incidentId()).isEqualTo(Incidents.incidentId("shop", slot(1)));
      assertThat(opened.alertId()).isEqualTo(opened.incidentId() + "-1");
      assertThat(run.state.open()).isPresent();
    }

    @Test
    void oneFailingRoundDoesNotOpen() {
      assertThat(new Run().rounds(0, LB, OK, OK, CDN, OK).story()).isEmpty();
    }

    @Test
    void failuresOfDifferentLayersDoNotAddUp() {
      assertThat(new Run().rounds(0, LB, CDN, OK, LB, CDN).story()).isEmpty();
    }

    @Test
    void aWarningOpensAWarnIncident() {
      Run run = new Run().rounds(0, INSTANCE, INSTANCE);
      assertThat(run.story()).containsExactly("OPENED@1#1");
      assertThat(run.transitions.get(0).signature().severity()).isEqualTo(Severity.WARN);
    }

    @Test
    void aGapInTheScheduleStillCountsTheRoundsInsideTheWindow() {
      Run run = new Run();
      run.round(0, LB);
      run.round(2, LB);
      assertThat(run.story()).containsExactly("OPENED@2#1");
    }

    @Test
    void roundsOutsideTheLastNSlotsDoNotCount() {
      Run run = new Run();
      run.round(0, LB);
      run.round(3, LB);
      assertThat(run.story()).isEmpty();
    }
  }

  @Nested
  class Flapping {
    @Test
    void failOkFailOkOpensOnceAndStaysOpenUntilThreeHealthyRounds() {
      // 2 of 3: fail, ok, fail already opens; the flapping that follows keeps it open without
      // re-alerting, since resolving needs 3 consecutive healthy rounds.
      Run run = new Run().rounds(0, LB, OK, LB, OK, LB, OK, LB, OK, OK, OK);
      assertThat(run.story()).containsExactly("OPENED@2#1", "RESOLVED@9#2");
    }

    @Test
    void flappingBetweenTwoCausesDoesNotUpdate() {
      Run run = new Run().rounds(0, LB, LB, LB_CONNECT, LB, LB_CONNECT, LB);
      assertThat(run.story()).containsExactly("OPENED@1#1");
    }
  }

  @Nested
  class Resolving {
    @Test
    void threeConsecutiveHealthyRoundsResolve() {
      Run run = new Run().rounds(0, LB, LB, OK, OK);
      assertThat(run.story()).containsExactly("OPENED@1#1");
      assertThat(run.state.healthyStreak()).isEqualTo(2);
      run.round(4, OK);
      assertThat(run.story()).containsExactly("OPENED@1#1", "RESOLVED@4#2");
      Transition resolved = run.transitions.get(1);
      assertThat(resolved.incidentId()).isEqualTo(run.transitions.get(0).incidentId());
      assertThat(resolved.signature()).isEqualTo(LB);
      assertThat(run.state.open()).isEmpty();
      assertThat(run.state.resolvedThrough()).contains(slot(4));
    }

    @Test
    void aMissingSlotBreaksTheHealthyRun() {
      Run run = new Run().rounds(0, LB, LB, OK);
      run.round(4, OK);
      run.round(5, OK);
      assertThat(run.story()).containsExactly("OPENED@1#1");
      run.round(6, OK);
      assertThat(run.story()).containsExactly("OPENED@1#1", "RESOLVED@6#2");
    }

    @Test
    void aNewFailureAfterResolvingIsANewIncident() {
      Run run = new Run().rounds(0, LB, LB, OK, OK, OK, LB, LB);
      assertThat(run.story()).containsExactly("OPENED@1#1", "RESOLVED@4#2", "OPENED@6#1");
      assertThat(run.transitions.get(2).incidentId())
          .isNotEqualTo(run.transitions.get(0).incidentId())
          .isGreaterThan(run.transitions.get(0).incidentId());
    }

    @Test
    void theResolvedIncidentsOwnRoundsDoNotReopenIt() {
      Run run = new Run(new IncidentPolicy(2, 3, 1)).rounds(0, LB, LB, OK, OK);
      assertThat(run.story()).containsExactly("OPENED@1#1", "RESOLVED@2#2");
    }

    @Test
    void aWarningRoundIsNotHealthy() {
      Run run = new Run().rounds(0, LB, LB, INSTANCE, OK, OK);
      assertThat(run.story()).containsExactly("OPENED@1#1");
    }
  }

  @Nested
  class Updating {
    @Test
    void aLayerChangeHeldForTwoRoundsUpdates() {
      Run run = new Run().rounds(0, LB, LB, CDN);
      assertThat(run.story()).containsExactly("OPENED@1#1");
      run.round(3, CDN);
      assertThat(run.story()).containsExactly("OPENED@1#1", "UPDATED@3#2");
      Transition updated = run.transitions.get(1);
      assertThat(updated.signature()).isEqualTo(CDN);
      assertThat(updated.previous()).contains(LB);
      assertThat(updated.alertId()).isEqualTo(updated.incidentId() + "-2");
      assertThat(run.state.open().orElseThrow().signature()).isEqualTo(CDN);
    }

    @Test
    void aSingleOddRoundDoesNotUpdate() {
      assertThat(new Run().rounds(0, LB, LB, CDN, LB, LB).story()).containsExactly("OPENED@1#1");
    }

    @Test
    void aCauseChangeUpdates() {
      Run run = new Run().rounds(0, LB, LB, LB_CONNECT, LB_CONNECT);
      assertThat(run.story()).containsExactly("OPENED@1#1", "UPDATED@3#2");
      assertThat(run.transitions.get(1).signature().cause())
          .isEqualTo(Cause.UPSTREAM_CONNECT_FAILED);
    }

    @Test
    void aRegionalFaultSpreadingEverywhereUpdatesWithItsSeverity() {
      Run run = new Run().rounds(0, LB_ONE_REGION, LB_ONE_REGION, LB, LB);
      assertThat(run.story()).containsExactly("OPENED@1#1", "UPDATED@3#2");
      assertThat(run.transitions.get(0).signature().scope()).isEqualTo(Scope.REGIONAL);
      assertThat(run.transitions.get(0).signature().severity()).isEqualTo(Severity.WARN);
      Transition spread = run.transitions.get(1);
      assertThat(spread.signature().scope()).isEqualTo(Scope.ALL_REGIONS);
      assertThat(spread.signature().regions()).isEqualTo(BOTH);
      assertThat(spread.signature().severity()).isEqualTo(Severity.PAGE);
    }

    @Test
    void updatesThenResolvesWithConsecutiveNumbers() {
      Run run = new Run().rounds(0, LB, LB, CDN, CDN, LB, LB, OK, OK, OK);
      assertThat(run.story())
          .containsExactly("OPENED@1#1", "UPDATED@3#2", "UPDATED@5#3", "RESOLVED@8#4");
      assertThat(run.transitions)
          .extracting(Transition::incidentId)
          .containsOnly(run.transitions.get(0).incidentId());
    }
  }

  @Nested
  class Delivery {
    @Test
    void aDuplicateRoundChangesNothing() {
      Run run = new Run().rounds(0, LB, LB);
      IncidentState before = run.state;
      assertThat(run.round(1, LB)).isEmpty();
      assertThat(run.last).isEqualTo(RoundOutcome.DUPLICATE);
      assertThat(run.state).isSameAs(before);
      assertThat(run.story()).containsExactly("OPENED@1#1");
    }

    @Test
    void aRevisedRoundReplacesItsSlot() {
      Run run = new Run().rounds(0, LB, OK);
      assertThat(run.story()).isEmpty();
      run.round(1, LB);
      assertThat(run.last).isEqualTo(RoundOutcome.REVISED);
      assertThat(run.story()).containsExactly("OPENED@1#1");
    }

    @Test
    void anOutOfOrderRoundIsPlacedIntoItsSlot() {
      Run run = new Run();
      run.round(1, LB);
      run.round(2, OK);
      assertThat(run.story()).isEmpty();
      run.round(0, LB);
      assertThat(run.last).isEqualTo(RoundOutcome.OUT_OF_ORDER);
      assertThat(run.story()).containsExactly("OPENED@1#1");
      assertThat(run.transitions.get(0).incidentId())
          .isEqualTo(new Run().rounds(0, LB, LB).transitions.get(0).incidentId());
    }

    @Test
    void anOutOfOrderRoundNeverFiresATransitionAgain() {
      Run run = new Run().rounds(1, LB, LB);
      assertThat(run.story()).containsExactly("OPENED@2#1");
      run.round(0, LB);
      assertThat(run.last).isEqualTo(RoundOutcome.OUT_OF_ORDER);
      run.round(1, LB);
      assertThat(run.last).isEqualTo(RoundOutcome.DUPLICATE);
      assertThat(run.story()).containsExactly("OPENED@2#1");
    }

    @Test
    void aLateRoundOfAResolvedIncidentDoesNotReopenIt() {
      Run run = new Run().rounds(0, LB, LB, OK, OK, OK);
      assertThat(run.story()).containsExactly("OPENED@1#1", "RESOLVED@4#2");
      run.round(2, LB);
      assertThat(run.last).isEqualTo(RoundOutcome.REVISED);
      assertThat(run.story()).containsExactly("OPENED@1#1", "RESOLVED@4#2");
    }

    @Test
    void aRoundOlderThanTheWindowIsIgnoredAndSaysSo() {
      Run run = new Run().rounds(10, LB, LB);
      IncidentState before = run.state;
      assertThat(run.round(5, LB)).isEmpty();
      assertThat(run.last).isEqualTo(RoundOutcome.LATE_IGNORED);
      assertThat(run.state).isSameAs(before);
    }

    @Test
    void aRetriedSequenceComputesTheSameIds() {
      Signature[] story = {LB, LB, CDN, CDN, OK, OK, OK, LB, LB};
      Run first = new Run().rounds(0, story);
      Run retry = new Run().rounds(0, story);
      assertThat(retry.transitions).isEqualTo(first.transitions);

      // A retried invocation that reloads the stored state mid-way computes the same too.
      Run resumed = new Run().rounds(0, LB, LB, CDN);
      resumed.state = IncidentStateJson.read(IncidentStateJson.write(resumed.state));
      resumed.rounds(3, CDN, OK, OK, OK, LB, LB);
      assertThat(resumed.transitions).isEqualTo(first.transitions);
      assertThat(first.transitions).extracting(Transition::alertId).doesNotHaveDuplicates();
    }

    @Test
    void aScheduleChangeStartsAFreshWindow() {
      Run run = new Run().rounds(0, LB);
      IncidentStep step =
          run.machine.apply(
              run.state,
              new RoundSummary(
                  new RoundSlot(T0.plus(Duration.ofMinutes(5)), Duration.ofMinutes(5)), LB));
      assertThat(step.state().window()).hasSize(1);
      assertThat(step.transitions()).isEmpty();
    }
  }

  @Test
  void verdictsFeedTheMachineThroughTheirSignature() {
    Verdict down =
        Scenario.fullChain()
            .cdn(Pages.haproxy503())
            .lb(Pages.haproxy503())
            .origin(Sample.ok())
            .verdict();
    Verdict fine =
        Scenario.fullChain().cdn(Sample.ok()).lb(Sample.ok()).origin(Sample.ok()).verdict();
    Incidents machine = new Incidents(IncidentPolicy.DEFAULT);
    IncidentState state = IncidentState.empty("shop");
    List<Transition> all = new ArrayList<>();
    Verdict[] rounds = {down, down, fine, fine, fine};
    for (int i = 0; i < rounds.length; i++) {
      IncidentStep step = machine.apply(state, slot(i), rounds[i]);
      state = step.state();
      all.addAll(step.transitions());
    }
    assertThat(all).extracting(Transition::kind).containsExactly(OPENED, RESOLVED);
    assertThat(all.get(0).signature())
        .isEqualTo(
            new Signature(
                Layer.LOAD_BALANCER,
                Cause.UPSTREAM_CONNECT_FAILED,
                Severity.PAGE,
                Scope.ALL_REGIONS,
                List.of("us-east-1")));
    assertThat(UPDATED).isNotIn(all.stream().map(Transition::kind).toList());
  }

  @Test
  void policyValuesAreChecked() {
    assertThatThrownBy(() -> new IncidentPolicy(4, 3, 3))
        .isInstanceOf(InvalidIncidentPolicyException.class)
        .hasMessage("incident policy k = 4: must be between 1 and n (3)");
    assertThatThrownBy(() -> new IncidentPolicy(1, 0, 3))
        .hasMessage("incident policy n = 0: must be at least 1");
    assertThatThrownBy(() -> new IncidentPolicy(1, 3, 0))
        .hasMessage("incident policy m = 0: must be at least 1");
    assertThat(new IncidentPolicy(2, 3, 5).windowSlots()).isEqualTo(5);
  }

  @Test
  void stateIsSmall() {
    Run run = new Run().rounds(0, LB, LB, CDN);
    assertThat(IncidentStateJson.write(run.state).length()).isLessThan(1200);
    assertThat(run.state.window()).hasSize(3);
    assertThat(run.state.open()).map(OpenIncident::transitions).isEqualTo(Optional.of(1));
  }
}
