package dev.probefleet.cli;

import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.LabFault;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.run.RoundLoop;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lab demo's script, acting between the fleet's rounds: it walks its {@link LabStep}s,
 * injecting each step's fault into the lab, and holds each step until the fleet has said what it
 * should — the incident opened at the expected layer with the expected cause, then (once the script
 * repaired the fault) resolved — or until a bounded number of rounds has passed, which fails the
 * step and moves on. It narrates each step as a line, and ends the run (through {@code finish})
 * after the last.
 *
 * <p>The bounds come from the incident policy: an incident opens when {@code k} of the last {@code
 * n} rounds fail (a confirmed failure counts twice), so a step waits {@code n + 1} rounds for it (a
 * round may be lost to a slow start); it resolves after {@code m} healthy rounds, so a repair waits
 * {@code m + 3}.
 */
final class LabScript implements RoundLoop.Listener {
  /** Healthy rounds in a row that make a healthy step. */
  static final int HEALTHY_ROUNDS = 2;

  /** How long the origin takes while it is "slower than the load balancer's timeout". */
  static final Duration SLOW_ORIGIN = Duration.ofMillis(700);

  /** The load balancer's {@code timeout server} under that step's fault. */
  static final Duration SHORT_LB_TIMEOUT = Duration.ofMillis(300);

  /** The load balancer's {@code timeout connect}, which is also how long it waits to retry. */
  static final Duration LB_CONNECT_TIMEOUT = Duration.ofMillis(500);

  /** The demo: healthy, four faults a newcomer has met in the field, healthy again. */
  static final List<LabStep> DEMO =
      List.of(
          LabStep.healthy(
              "all is well: the CDN (nginx) forwards to the load balancer (HAProxy, over TLS), which"
                  + " forwards to the origin (nginx in front of the application)"),
          LabStep.fault(
              "the origin's application server dies; the nginx in front of it answers 502",
              LabFault.APP_DOWN,
              Layer.ORIGIN,
              Cause.UPSTREAM_APP_DOWN,
              "the application server is back"),
          LabStep.fault(
              "the load balancer is pointed at a wrong port of the origin",
              LabFault.LB_UPSTREAM_PORT_WRONG,
              Layer.LOAD_BALANCER,
              Cause.UPSTREAM_CONNECT_FAILED,
              "the load balancer's port is fixed"),
          LabStep.fault(
              "the CDN's TLS to the load balancer breaks: it stops sending SNI, which the load"
                  + " balancer requires",
              LabFault.CDN_UPSTREAM_TLS_FAILED,
              Layer.CDN,
              Cause.UPSTREAM_TLS_FAILED,
              "the CDN sends SNI again"),
          LabStep.fault(
              "the origin slows to "
                  + SLOW_ORIGIN.toMillis()
                  + " ms while the load balancer gives up after "
                  + SHORT_LB_TIMEOUT.toMillis()
                  + " ms",
              LabFault.LB_TIMEOUT_SHORT,
              Layer.LOAD_BALANCER,
              Cause.UPSTREAM_TIMEOUT,
              "the origin is fast again and the load balancer's timeout restored"),
          LabStep.healthy("all is well again"));

  /**
   * The lab the demo runs against: an origin web server (for the dead application), a TLS load
   * balancer (for the broken TLS between hops), and timeouts short enough for a round every few
   * seconds. The load balancer has no active health checks: pointed at a wrong port, it then fails
   * each request's connection (with its retry), which is the fault this step plays; with checks, it
   * would mark every server down within two checks and answer at once, which reads as {@code
   * NO_HEALTHY_UPSTREAM} — a different, also real, incident.
   */
  static Lab startLab() {
    return Lab.builder()
        .originWebServer()
        .lbTls()
        .lbHealthCheckInterval(Duration.ZERO)
        .lbConnectTimeout(LB_CONNECT_TIMEOUT)
        .shortTimeout(SHORT_LB_TIMEOUT)
        .slowOriginDelay(SLOW_ORIGIN)
        .start();
  }

  /**
   * How a step went.
   *
   * @param number its number, from 1
   * @param step the step
   * @param incidentId the incident it opened, if any
   * @param problems what did not go as expected; empty when it did
   */
  record StepOutcome(int number, LabStep step, Optional<String> incidentId, List<String> problems) {
    StepOutcome {
      problems = List.copyOf(problems);
    }

    boolean passed() {
      return problems.isEmpty();
    }
  }

  private enum Phase {
    /** A healthy step: waiting for healthy rounds. */
    HEALTHY,
    /** The fault is in: waiting for the incident to open. */
    AWAITING_OPEN,
    /** Repaired: waiting for the incident to resolve. */
    AWAITING_RESOLVE,
    /** Every step done. */
    DONE
  }

  private final Lab lab;
  private final String target;
  private final List<LabStep> steps;
  private final IncidentPolicy policy;
  private final PrintWriter say;
  private final Runnable finish;
  private final List<StepOutcome> outcomes = new ArrayList<>();
  private final Set<String> open = new LinkedHashSet<>();

  private int index = -1;
  private Phase phase;
  private int rounds;
  private int healthyInARow;
  private String incidentId;
  private List<String> problems = new ArrayList<>();
  private final List<String> verdicts = new ArrayList<>();

  /**
   * @param lab the lab the steps inject into
   * @param target the lab's target name, whose verdicts and incidents the steps watch
   * @param policy the fleet's incident policy, for how long each step may take
   * @param say where the narration goes
   * @param finish ends the run after the last step
   */
  LabScript(
      Lab lab,
      String target,
      List<LabStep> steps,
      IncidentPolicy policy,
      PrintWriter say,
      Runnable finish) {
    this.lab = Objects.requireNonNull(lab, "lab");
    this.target = Objects.requireNonNull(target, "target");
    this.steps = List.copyOf(steps);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.say = Objects.requireNonNull(say, "say");
    this.finish = Objects.requireNonNull(finish, "finish");
    if (this.steps.isEmpty()) {
      throw new IllegalArgumentException("a script needs at least one step");
    }
  }

  @Override
  public synchronized void started(
      int number, RoundSlot slot, Instant probesBy, Instant analysisBy) {
    if (index < 0) {
      begin(0);
    }
  }

  @Override
  public synchronized void cycle(RoundLoop.Cycle cycle) {
    if (phase == Phase.DONE) {
      return;
    }
    Optional<TargetAnalysis> analysis =
        cycle.analysis().targets().stream().filter(t -> t.target().equals(target)).findFirst();
    Optional<Verdict> verdict = analysis.flatMap(TargetAnalysis::verdict);
    List<Transition> transitions = analysis.map(TargetAnalysis::transitions).orElse(List.of());
    rounds++;
    verdicts.add(verdict.map(v -> v.layer() + " " + v.cause()).orElse("no verdict"));
    switch (phase) {
      case HEALTHY -> healthyRound(verdict, transitions);
      case AWAITING_OPEN -> awaitingOpen(transitions);
      case AWAITING_RESOLVE -> awaitingResolve(transitions);
      case DONE -> {}
    }
    say.flush();
  }

  @Override
  public synchronized void failed(
      int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
    if (phase == Phase.DONE) {
      return;
    }
    rounds++;
    // A failed round proves nothing either way; the step's bound still counts it.
    verdicts.add("round failed: " + problem.getMessage());
    if (rounds >= bound()) {
      timedOut();
    }
    say.flush();
  }

  /**
   * How many rounds the script takes when every step goes as expected and no failure is confirmed
   * within its round: a healthy step's rounds; for a fault, {@code k} rounds to open and {@code m}
   * to resolve.
   */
  int expectedRounds() {
    return steps.stream()
        .mapToInt(s -> s.healthy() ? HEALTHY_ROUNDS : policy.k() + policy.m())
        .sum();
  }

  /** Every step's outcome so far, in order. */
  synchronized List<StepOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Whether every step ran and went as expected. */
  synchronized boolean passed() {
    return outcomes.size() == steps.size() && outcomes.stream().allMatch(StepOutcome::passed);
  }

  /** The steps that did not run (a run stopped early), from the first one not done. */
  synchronized List<LabStep> notRun() {
    return steps.subList(outcomes.size(), steps.size());
  }

  // ---- the phases ----

  private void healthyRound(Optional<Verdict> verdict, List<Transition> transitions) {
    for (Transition t : transitions) {
      track(t);
      if (t.kind() == TransitionKind.OPENED) {
        problems.add(
            "incident " + t.incidentId() + " opened at " + signature(t) + " while all was well");
      }
    }
    boolean none = verdict.map(v -> v.layer() == Layer.NONE).orElse(false);
    healthyInARow = none && open.isEmpty() ? healthyInARow + 1 : 0;
    if (healthyInARow >= HEALTHY_ROUNDS) {
      say("the fleet sees all is well (verdict NONE, no incident open)");
      next();
    } else if (rounds >= bound()) {
      timedOut();
    }
  }

  private void awaitingOpen(List<Transition> transitions) {
    LabStep step = steps.get(index);
    for (Transition t : transitions) {
      track(t);
      switch (t.kind()) {
        case OPENED -> {
          if (incidentId != null) {
            problems.add("a second incident opened: " + t.incidentId() + " " + signature(t));
            continue;
          }
          incidentId = t.incidentId();
          boolean expected = matches(t.signature(), step);
          if (!expected) {
            problems.add(
                "incident "
                    + t.incidentId()
                    + " opened at "
                    + signature(t)
                    + ", expected "
                    + step.layer()
                    + " "
                    + step.cause());
          }
          say(
              "incident "
                  + t.incidentId()
                  + " OPENED at "
                  + signature(t)
                  + " after "
                  + rounds
                  + " round(s)"
                  + (expected ? " — as expected; its alert above carries the runbook" : " — NOT")
                  + (expected ? "" : " the expected " + step.layer() + " " + step.cause()));
          lab.clear();
          phase = Phase.AWAITING_RESOLVE;
          rounds = 0;
          verdicts.clear();
          say(
              "repaired: "
                  + step.repair()
                  + " — expect the incident RESOLVED after "
                  + policy.m()
                  + " healthy rounds");
        }
        case UPDATED -> updated(t, step);
        case RESOLVED -> {}
      }
    }
    if (phase == Phase.AWAITING_OPEN && rounds >= bound()) {
      timedOut();
    }
  }

  private void awaitingResolve(List<Transition> transitions) {
    LabStep step = steps.get(index);
    boolean resolved = false;
    for (Transition t : transitions) {
      track(t);
      switch (t.kind()) {
        case OPENED ->
            problems.add("a second incident opened: " + t.incidentId() + " " + signature(t));
        case UPDATED -> updated(t, step);
        case RESOLVED -> {
          if (t.incidentId().equals(incidentId)) {
            resolved = true;
          }
        }
      }
    }
    if (resolved) {
      say("incident " + incidentId + " RESOLVED after " + rounds + " healthy round(s)");
      next();
    } else if (rounds >= bound()) {
      timedOut();
    }
  }

  /** The phase's rounds are up without what it waited for: the step fails, the script moves on. */
  private void timedOut() {
    String seen = " (verdicts: " + String.join(", ", verdicts) + ")";
    switch (phase) {
      case HEALTHY ->
          problems.add(
              "no "
                  + HEALTHY_ROUNDS
                  + " healthy rounds in a row within "
                  + bound()
                  + " rounds"
                  + seen
                  + (open.isEmpty() ? "" : "; still open: " + String.join(", ", open)));
      case AWAITING_OPEN -> {
        problems.add("no incident opened within " + bound() + " rounds" + seen);
        lab.clear();
      }
      case AWAITING_RESOLVE ->
          problems.add(
              "incident "
                  + incidentId
                  + " did not resolve within "
                  + bound()
                  + " rounds of the repair"
                  + seen);
      case DONE -> {
        return;
      }
    }
    next();
  }

  private void updated(Transition t, LabStep step) {
    if (!matches(t.signature(), step)) {
      problems.add(
          "incident "
              + t.incidentId()
              + " UPDATED to "
              + signature(t)
              + " (from "
              + t.previous().map(LabScript::signature).orElse("?")
              + ")");
    }
  }

  // ---- moving on ----

  private void next() {
    LabStep step = steps.get(index);
    StepOutcome outcome =
        new StepOutcome(index + 1, step, Optional.ofNullable(incidentId), problems);
    outcomes.add(outcome);
    if (!outcome.passed()) {
      say("did NOT go as expected: " + String.join("; ", outcome.problems()));
    }
    if (index + 1 < steps.size()) {
      begin(index + 1);
    } else {
      phase = Phase.DONE;
      finish.run();
    }
  }

  private void begin(int number) {
    index = number;
    LabStep step = steps.get(index);
    rounds = 0;
    healthyInARow = 0;
    incidentId = null;
    problems = new ArrayList<>();
    verdicts.clear();
    say(step.happens() + " — expect " + step.expected());
    if (step.healthy()) {
      phase = Phase.HEALTHY;
    } else {
      lab.inject(step.fault().orElseThrow());
      phase = Phase.AWAITING_OPEN;
    }
  }

  /** How many rounds the current phase may take. */
  private int bound() {
    return switch (phase) {
      case HEALTHY -> HEALTHY_ROUNDS + policy.m() + 1;
      case AWAITING_OPEN -> policy.n() + 1;
      case AWAITING_RESOLVE -> policy.m() + 3;
      case DONE -> 0;
    };
  }

  private void track(Transition t) {
    switch (t.kind()) {
      case OPENED, UPDATED -> open.add(t.incidentId());
      case RESOLVED -> open.remove(t.incidentId());
    }
  }

  private static boolean matches(Signature signature, LabStep step) {
    return signature.layer() == step.layer() && signature.cause() == step.cause();
  }

  private static String signature(Transition t) {
    return signature(t.signature());
  }

  private static String signature(Signature s) {
    return s.layer() + " " + s.cause() + " " + s.severity();
  }

  private void say(String line) {
    say.println("lab: step " + (index + 1) + "/" + steps.size() + ": " + line);
  }
}
