package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.attribution.AddedLatency;
import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.lab.InjectedFault;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.LabFault;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.model.Shard;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.run.RoundLoop;
import dev.probefleet.store.WriteReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lab script's judgement, round by round, on a real lab and rounds told to it: it injects each
 * step's fault, repairs it once the incident opened, and fails a step — naming what it expected and
 * what it saw — when the incident opens elsewhere, never opens, or a healthy step is not healthy.
 */
class LabScriptIT {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final List<LabStep> STEPS =
      List.of(
          LabStep.healthy("all is well"),
          LabStep.fault(
              "the origin's port closes",
              LabFault.ORIGIN_REFUSED,
              Layer.ORIGIN,
              Cause.CONNECTION_REFUSED,
              "it opens again"));

  private Lab lab;
  private final StringWriter narration = new StringWriter();
  private final AtomicInteger finished = new AtomicInteger();
  private LabScript script;
  private int round;

  @BeforeEach
  void start() {
    lab = Lab.start();
    script =
        new LabScript(
            lab,
            "shop",
            STEPS,
            IncidentPolicy.DEFAULT,
            new PrintWriter(narration, true),
            finished::incrementAndGet);
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void aStepPassesWhenItsIncidentOpensAtTheExpectedLayerAndResolves() {
    play(healthy());
    play(healthy());
    assertThat(lab.faults()).extracting(InjectedFault::fault).containsOnly(LabFault.ORIGIN_REFUSED);

    play(failing(Layer.ORIGIN, Cause.CONNECTION_REFUSED));
    play(
        failing(Layer.ORIGIN, Cause.CONNECTION_REFUSED),
        transition(TransitionKind.OPENED, Layer.ORIGIN, Cause.CONNECTION_REFUSED));
    assertThat(lab.faults()).as("repaired once the incident opened").isEmpty();
    play(healthy());
    play(healthy());
    assertThat(finished).hasValue(0);
    play(healthy(), transition(TransitionKind.RESOLVED, Layer.ORIGIN, Cause.CONNECTION_REFUSED));

    assertThat(finished).as("the run is ended after the last step").hasValue(1);
    assertThat(script.passed()).as(narration.toString()).isTrue();
    assertThat(script.outcomes()).hasSize(2).allMatch(LabScript.StepOutcome::passed);
    assertThat(narration.toString())
        .contains("lab: step 2/2: the origin's port closes — expect an incident at ORIGIN")
        .contains("OPENED at ORIGIN CONNECTION_REFUSED PAGE after 2 round(s) — as expected")
        .contains("RESOLVED after 3 healthy round(s)");
  }

  @Test
  void anIncidentAtAnotherLayerOrCauseFailsTheStepAndSaysWhatWasExpected() {
    play(healthy());
    play(healthy());
    play(
        failing(Layer.LOAD_BALANCER, Cause.HTTP_5XX),
        transition(TransitionKind.OPENED, Layer.LOAD_BALANCER, Cause.HTTP_5XX));
    play(healthy(), transition(TransitionKind.RESOLVED, Layer.LOAD_BALANCER, Cause.HTTP_5XX));

    assertThat(finished).hasValue(1);
    assertThat(script.passed()).isFalse();
    LabScript.StepOutcome second = script.outcomes().get(1);
    assertThat(second.passed()).isFalse();
    assertThat(second.problems())
        .singleElement()
        .asString()
        .contains("opened at LOAD_BALANCER HTTP_5XX PAGE, expected ORIGIN CONNECTION_REFUSED");
  }

  @Test
  void noIncidentWithinTheBoundFailsTheStepAndRepairsTheLab() {
    play(healthy());
    play(healthy());
    for (int i = 0; i < IncidentPolicy.DEFAULT.n() + 1; i++) {
      play(healthy());
    }

    assertThat(lab.faults()).isEmpty();
    assertThat(finished).hasValue(1);
    assertThat(script.outcomes().get(1).problems())
        .singleElement()
        .asString()
        .startsWith("no incident opened within 4 rounds (verdicts: NONE NONE, NONE NONE");
  }

  @Test
  void aHealthyStepThatIsNotHealthyFailsAfterItsBound() {
    for (int i = 0; i < 6; i++) {
      play(failing(Layer.CDN, Cause.CONNECTION_REFUSED));
    }

    assertThat(script.outcomes()).hasSize(1);
    assertThat(script.outcomes().get(0).problems())
        .singleElement()
        .asString()
        .startsWith("no 2 healthy rounds in a row within 6 rounds");
    assertThat(lab.faults()).as("the next step began").isNotEmpty();
  }

  // ---- rounds as the loop tells them ----

  private record Told(Verdict verdict, List<Transition> transitions) {}

  private static Told healthy(Transition... transitions) {
    return new Told(verdict(Layer.NONE, Cause.NONE), List.of(transitions));
  }

  private static Told failing(Layer layer, Cause cause) {
    return new Told(verdict(layer, cause), List.of());
  }

  private void play(Told told) {
    round++;
    RoundSlot slot = slot(round);
    if (round == 1) {
      script.started(round, slot, slot.start(), slot.next().start());
    }
    ProbeReport probe =
        new ProbeReport(
            "local",
            Shard.ALL,
            slot,
            List.of(),
            0,
            Optional.empty(),
            WriteReport.written(0),
            List.of(),
            Duration.ZERO);
    TargetAnalysis shop =
        new TargetAnalysis(
            "shop",
            TargetAnalysis.Status.ANALYSED,
            List.of("local"),
            Optional.of(told.verdict()),
            Optional.empty(),
            told.transitions(),
            List.of(),
            List.of(slot),
            Optional.empty());
    script.cycle(
        new RoundLoop.Cycle(
            round,
            slot,
            slot.start(),
            Duration.ofMillis(100),
            List.of(),
            probe,
            new AnalysisReport(slot, List.of(shop), List.of(), List.of(), List.of(), List.of())));
  }

  private void play(Told told, Transition transition) {
    play(new Told(told.verdict(), List.of(transition)));
  }

  private Transition transition(TransitionKind kind, Layer layer, Cause cause) {
    return new Transition(
        "shop",
        "01JDEMO0000000000000000000",
        kind == TransitionKind.OPENED ? 1 : 2,
        kind,
        slot(round + 1),
        new Signature(layer, cause, Severity.PAGE, Scope.ALL_REGIONS, List.of("local")),
        Optional.empty());
  }

  private static RoundSlot slot(int number) {
    return RoundSlot.containing(T0.plus(INTERVAL.multipliedBy(number)), INTERVAL);
  }

  private static Verdict verdict(Layer layer, Cause cause) {
    boolean none = layer == Layer.NONE;
    return new Verdict(
        layer,
        cause,
        none ? Severity.INFO : Severity.PAGE,
        none ? "all well" : layer + " " + cause,
        none ? Scope.NONE : Scope.ALL_REGIONS,
        List.of("local"),
        List.of(),
        none ? 0.0 : 1.0,
        List.of(),
        new Evidence("local", List.of(), AddedLatency.UNKNOWN));
  }
}
