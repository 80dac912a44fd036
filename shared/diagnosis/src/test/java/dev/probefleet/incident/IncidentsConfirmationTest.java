package dev.probefleet.incident;

import static dev.probefleet.incident.IncidentsTest.BOTH;
import static dev.probefleet.incident.IncidentsTest.CDN;
import static dev.probefleet.incident.IncidentsTest.LB;
import static dev.probefleet.incident.IncidentsTest.OK;
import static dev.probefleet.incident.IncidentsTest.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.scenario.Pages;
import dev.probefleet.scenario.Sample;
import dev.probefleet.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fast confirmation (team decision): a path failing in a scheduled round is probed again within the
 * same invocation, and a failure the confirmation saw again counts as two samples of its slot
 * towards K. With the default 2 of 3, a hard failure opens an incident after one scheduled round,
 * while a single blip (the confirmation answered) cannot.
 */
class IncidentsConfirmationTest {

  /** Feeds weighted slots to one target's machine. */
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

    /** A failure the confirmation saw again: two samples. */
    Run confirmed(int minute, Signature signature) {
      return apply(new RoundSummary(slot(minute), signature, 2, BOTH));
    }

    /** A failure the confirmation did not see again (or that was not confirmed): one sample. */
    Run blip(int minute, Signature signature) {
      return apply(new RoundSummary(slot(minute), signature, 1, BOTH));
    }

    Run healthy(int minute) {
      return apply(new RoundSummary(slot(minute), OK, 1, BOTH));
    }

    Run apply(RoundSummary round) {
      IncidentStep step = machine.apply(state, round);
      state = step.state();
      last = step.outcome();
      transitions.addAll(step.transitions());
      return this;
    }

    List<String> story() {
      return transitions.stream()
          .map(t -> t.kind() + "@" + IncidentsTest.minute(t.slot()) + "#" + t.number())
          .toList();
    }
  }

  @Test
  void aConfirmedFailureOpensAfterOneScheduledRound() {
    Run run = new Run().confirmed(0, LB);

    assertThat(run.story()).containsExactly("OPENED@0#1");
    Transition opened = run.transitions.get(0);
    assertThat(opened.incidentId())
        .as("the id derives from the slot whose samples reached k")
        .isEqualTo(Incidents.incidentId("shop", slot(0)));
    assertThat(opened.signature()).isEqualTo(LB);
    assertThat(run.state.open().orElseThrow().openedAt()).isEqualTo(slot(0));
  }

  @Test
  void aBlipCannotOpen() {
    Run run = new Run().blip(0, LB).healthy(1).healthy(2).blip(3, LB).healthy(4);

    assertThat(run.story()).isEmpty();
    assertThat(run.state.open()).isEmpty();
  }

  @Test
  void twoConsecutiveBlipsStillOpenAsBefore() {
    Run run = new Run().blip(0, LB).blip(1, LB);

    assertThat(run.story()).containsExactly("OPENED@1#1");
    assertThat(run.transitions.get(0).incidentId())
        .isEqualTo(Incidents.incidentId("shop", slot(1)));
  }

  @Test
  void aBlipThenAConfirmedFailureOpensAtTheConfirmedSlot() {
    Run run = new Run().blip(0, LB).confirmed(1, LB);

    assertThat(run.story()).containsExactly("OPENED@1#1");
  }

  @Test
  void onlySamplesOfTheSameLayerAddUp() {
    Run run = new Run().blip(0, CDN);
    run.blip(1, LB);
    assertThat(run.story()).as("one sample of CDN, one of LB").isEmpty();

    run.confirmed(2, LB);
    assertThat(run.story())
        .as("LB's own samples reach k: one blip and one confirmed slot")
        .containsExactly("OPENED@2#1");
    assertThat(run.transitions.get(0).signature().layer()).isEqualTo(LB.layer());
  }

  @Test
  void aSlotRevisedWithItsConfirmationOpensAtThatSlot() {
    Run run = new Run().blip(0, LB);
    assertThat(run.story()).isEmpty();

    run.confirmed(0, LB);

    assertThat(run.last).isEqualTo(RoundOutcome.REVISED);
    assertThat(run.story()).containsExactly("OPENED@0#1");
  }

  @Test
  void theSameConfirmedSlotAgainIsADuplicate() {
    Run run = new Run().confirmed(0, LB);
    IncidentState before = run.state;

    run.confirmed(0, LB);

    assertThat(run.last).isEqualTo(RoundOutcome.DUPLICATE);
    assertThat(run.state).isSameAs(before);
    assertThat(run.story()).containsExactly("OPENED@0#1");
  }

  @Test
  void aConfirmedIncidentResolvesAfterMHealthySlotsAsAnyOther() {
    Run run = new Run().confirmed(0, LB).healthy(1).healthy(2);
    assertThat(run.story()).containsExactly("OPENED@0#1");

    run.healthy(3);

    assertThat(run.story()).containsExactly("OPENED@0#1", "RESOLVED@3#2");
  }

  @Test
  void aConfirmedChangeUpdatesInOneSlotAndABlipOfAnotherCauseDoesNot() {
    Run blipped = new Run().confirmed(0, LB).blip(1, CDN).confirmed(2, LB);
    assertThat(blipped.story())
        .as("a single unconfirmed odd round does not update")
        .containsExactly("OPENED@0#1");

    Run changed = new Run().confirmed(0, LB).confirmed(1, CDN);
    assertThat(changed.story()).containsExactly("OPENED@0#1", "UPDATED@1#2");
    Transition updated = changed.transitions.get(1);
    assertThat(updated.signature()).isEqualTo(CDN);
    assertThat(updated.previous()).contains(LB);

    Run twoBlips = new Run().confirmed(0, LB).blip(1, CDN).blip(2, CDN);
    assertThat(twoBlips.story())
        .as("two unconfirmed slots of the new signature update, as before")
        .containsExactly("OPENED@0#1", "UPDATED@2#2");
  }

  @Test
  void weightsAddUpAgainstAStricterPolicy() {
    IncidentPolicy threeOfThree = new IncidentPolicy(3, 3, 3);

    assertThat(new Run(threeOfThree).confirmed(0, LB).story())
        .as("two samples are not three")
        .isEmpty();
    assertThat(new Run(threeOfThree).confirmed(0, LB).blip(1, LB).story())
        .containsExactly("OPENED@1#1");
    assertThat(new Run(threeOfThree).blip(0, LB).healthy(1).confirmed(2, LB).story())
        .containsExactly("OPENED@2#1");
    assertThat(new Run(threeOfThree).confirmed(0, LB).healthy(1).healthy(2).blip(3, LB).story())
        .as("slot 0 fell out of the last 3 slots")
        .isEmpty();
  }

  @Test
  void aSummaryCountsTwoSamplesOnlyForAConfirmedFailure() {
    Verdict down =
        Scenario.fullChain()
            .cdn(Pages.haproxy503())
            .lb(Pages.haproxy503())
            .origin(Sample.ok())
            .verdict();
    Verdict fine =
        Scenario.fullChain().cdn(Sample.ok()).lb(Sample.ok()).origin(Sample.ok()).verdict();

    assertThat(RoundSummary.of(slot(0), down, true, BOTH).samples()).isEqualTo(2);
    assertThat(RoundSummary.of(slot(0), down, false, BOTH).samples()).isEqualTo(1);
    assertThat(RoundSummary.of(slot(0), fine, true, BOTH).samples())
        .as("a healthy slot is never weighted")
        .isEqualTo(1);
    assertThat(RoundSummary.of(slot(0), down, true, List.of("us-east-1", "eu-west-1")).reported())
        .containsExactly("eu-west-1", "us-east-1");

    Incidents machine = new Incidents(IncidentPolicy.DEFAULT);
    IncidentStep step =
        machine.apply(IncidentState.empty("shop"), RoundSummary.of(slot(0), down, true, BOTH));
    assertThat(step.transitions())
        .extracting(Transition::kind)
        .containsExactly(TransitionKind.OPENED);
  }

  @Test
  void aSlotCountsForOneOrTwoSamples() {
    assertThatThrownBy(() -> new RoundSummary(slot(0), LB, 0, BOTH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a slot counts for 1 or 2 samples, not 0");
    assertThatThrownBy(() -> new RoundSummary(slot(0), LB, 3, BOTH))
        .hasMessage("a slot counts for 1 or 2 samples, not 3");
  }
}
