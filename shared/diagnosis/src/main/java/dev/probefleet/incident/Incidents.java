package dev.probefleet.incident;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.internal.Ulid;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The incident state machine of one target (DESIGN §1, "Incidents and alerts"): a pure function
 * from a state and a round to the next state and the transitions to announce.
 *
 * <ul>
 *   <li><b>Opens</b> when {@code k} failing samples of the same layer fall within the last {@code
 *       n} slots. A slot is one sample, or two when the fast confirmation (the failing paths probed
 *       again within the same invocation, a few seconds later) failed at the same layer too ({@link
 *       RoundSummary#samples()}): with the default 2 of 3, a confirmed hard failure opens an
 *       incident after one scheduled round, while a single blip (the confirmation answered) still
 *       cannot. The opening slot is the one at which the layer's samples reach {@code k}; the
 *       incident id derives from the target and that slot ({@link #incidentId}), so a retried
 *       invocation computes the same id.
 *   <li><b>Updates</b> when the newest slots, adding up to {@code k} samples, all fail and all
 *       differ from the incident's signature (layer, cause, severity, regional spread): it takes
 *       the newest one's. A change must hold for {@code k} samples, so a single odd round or a
 *       flapping cause does not re-alert.
 *   <li><b>Resolves</b> after {@code m} consecutive healthy slots after the opening slot. A slot
 *       without a round breaks the run: the machine never resolves on missing data.
 * </ul>
 *
 * Rounds are keyed by {@link RoundSlot}, not by when they arrive: a duplicate slot with the same
 * verdict changes nothing; a slot already seen with another verdict replaces it; an older slot
 * still inside the window is placed into it; a slot older than the window is ignored and reported
 * as {@link RoundOutcome#LATE_IGNORED}. Every transition is a change of the stored incident, so one
 * already emitted is never emitted again; rounds up to the slot an incident resolved at never count
 * towards a new one.
 *
 * <p>Warnings: a round whose verdict only warns (an instance kept out by health checks, a fault
 * seen from a minority of regions, the prober unable to reach a private origin) is a failing round
 * like any other and opens an incident of severity WARN; its alerts carry {@code severity=WARN}, so
 * a paging subscription filtered on {@code severity=PAGE} is not woken. Findings attached to a
 * verdict (an expiring certificate, a certificate that does not cover its SNI) never drive
 * incidents: they travel with verdicts and alerts only.
 */
public final class Incidents {
  private final IncidentPolicy policy;

  public Incidents(IncidentPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The incident id for a target's incident opened at a slot: a deterministic ULID. */
  public static String incidentId(String target, RoundSlot openedAt) {
    return Ulid.of(
        openedAt.start().toEpochMilli(),
        target + "\n" + openedAt.id() + "\n" + openedAt.period().toMillis());
  }

  /** Applies one round slot's verdict. */
  public IncidentStep apply(IncidentState state, RoundSlot slot, Verdict verdict) {
    return apply(state, RoundSummary.of(slot, verdict));
  }

  /** Applies one round slot's summary. */
  public IncidentStep apply(IncidentState state, RoundSummary round) {
    List<RoundSummary> window = new ArrayList<>(state.window());
    if (!window.isEmpty() && !window.get(0).slot().period().equals(round.slot().period())) {
      // The schedule changed: slots of two periods do not line up, so start a fresh window.
      window.clear();
    }
    RoundOutcome outcome;
    Optional<RoundSummary> existing =
        window.stream().filter(r -> r.slot().start().equals(round.slot().start())).findFirst();
    if (existing.isPresent()) {
      if (existing.get().equals(round)) {
        return new IncidentStep(state, List.of(), RoundOutcome.DUPLICATE);
      }
      window.remove(existing.get());
      window.add(round);
      outcome = RoundOutcome.REVISED;
    } else if (window.isEmpty() || round.slot().compareTo(last(window).slot()) > 0) {
      window.add(round);
      outcome = RoundOutcome.APPLIED;
    } else if (!insideWindow(round.slot(), last(window).slot())) {
      return new IncidentStep(state, List.of(), RoundOutcome.LATE_IGNORED);
    } else {
      window.add(round);
      outcome = RoundOutcome.OUT_OF_ORDER;
    }
    window.sort(Comparator.comparing(RoundSummary::slot));
    RoundSlot newest = last(window).slot();
    window.removeIf(r -> !insideWindow(r.slot(), newest));

    IncidentState next =
        new IncidentState(state.target(), window, state.open(), state.resolvedThrough());
    List<Transition> transitions = new ArrayList<>();
    next = settle(next, transitions);
    return new IncidentStep(next, transitions, outcome);
  }

  private IncidentState settle(IncidentState state, List<Transition> out) {
    // At most: open, then resolve or update; the loop ends once nothing changes.
    for (int pass = 0; pass < 3; pass++) {
      if (state.open().isEmpty()) {
        Optional<IncidentState> opened = open(state, out);
        if (opened.isEmpty()) {
          return state;
        }
        state = opened.get();
        continue;
      }
      OpenIncident incident = state.open().get();
      RoundSlot newest = state.newest().orElseThrow();
      if (resolves(state, incident)) {
        int number = incident.transitions() + 1;
        out.add(
            new Transition(
                state.target(),
                incident.id(),
                number,
                TransitionKind.RESOLVED,
                newest,
                incident.signature(),
                Optional.empty()));
        return new IncidentState(
            state.target(), state.window(), Optional.empty(), Optional.of(newest));
      }
      Optional<Signature> change = change(state, incident);
      if (change.isPresent()) {
        int number = incident.transitions() + 1;
        out.add(
            new Transition(
                state.target(),
                incident.id(),
                number,
                TransitionKind.UPDATED,
                newest,
                change.get(),
                Optional.of(incident.signature())));
        OpenIncident updated =
            new OpenIncident(incident.id(), incident.openedAt(), change.get(), number, newest);
        return new IncidentState(
            state.target(), state.window(), Optional.of(updated), state.resolvedThrough());
      }
      return state;
    }
    return state;
  }

  private Optional<IncidentState> open(IncidentState state, List<Transition> out) {
    RoundSlot newest = state.newest().orElseThrow();
    List<RoundSummary> failing =
        state.window().stream()
            .filter(r -> withinLast(policy.n(), r.slot(), newest))
            .filter(r -> state.resolvedThrough().map(t -> r.slot().compareTo(t) > 0).orElse(true))
            .filter(r -> !r.healthy())
            .toList();
    Optional<Layer> layer =
        failing.reversed().stream()
            .map(r -> r.signature().layer())
            .filter(l -> samples(failing, l) >= policy.k())
            .findFirst();
    if (layer.isEmpty()) {
      return Optional.empty();
    }
    List<RoundSummary> ofLayer =
        failing.stream().filter(r -> r.signature().layer() == layer.get()).toList();
    RoundSlot openedAt = null;
    int counted = 0;
    for (RoundSummary r : ofLayer) {
      counted += r.samples();
      if (counted >= policy.k()) {
        openedAt = r.slot();
        break;
      }
    }
    Signature signature = ofLayer.get(ofLayer.size() - 1).signature();
    String id = incidentId(state.target(), openedAt);
    out.add(
        new Transition(
            state.target(), id, 1, TransitionKind.OPENED, openedAt, signature, Optional.empty()));
    OpenIncident incident = new OpenIncident(id, openedAt, signature, 1, openedAt);
    return Optional.of(
        new IncidentState(
            state.target(), state.window(), Optional.of(incident), state.resolvedThrough()));
  }

  private boolean resolves(IncidentState state, OpenIncident incident) {
    RoundSlot slot = state.newest().orElseThrow();
    for (int i = 0; i < policy.m(); i++) {
      Optional<RoundSummary> round = state.at(slot);
      if (round.isEmpty() || !round.get().healthy() || slot.compareTo(incident.openedAt()) <= 0) {
        return false;
      }
      slot = slot.previous();
    }
    return true;
  }

  private Optional<Signature> change(IncidentState state, OpenIncident incident) {
    RoundSlot newest = state.newest().orElseThrow();
    RoundSlot slot = newest;
    int counted = 0;
    while (counted < policy.k()) {
      Optional<RoundSummary> round = state.at(slot);
      if (round.isEmpty()
          || round.get().healthy()
          || round.get().signature().equals(incident.signature())
          || slot.compareTo(incident.openedAt()) <= 0) {
        return Optional.empty();
      }
      counted += round.get().samples();
      slot = slot.previous();
    }
    return state.at(newest).map(RoundSummary::signature);
  }

  /** The failing samples of a layer among the given slots. */
  private static int samples(List<RoundSummary> failing, Layer layer) {
    return failing.stream()
        .filter(r -> r.signature().layer() == layer)
        .mapToInt(RoundSummary::samples)
        .sum();
  }

  private boolean insideWindow(RoundSlot slot, RoundSlot newest) {
    return withinLast(policy.windowSlots(), slot, newest);
  }

  /** Whether a slot is one of the {@code count} slots ending at {@code newest}. */
  private static boolean withinLast(int count, RoundSlot slot, RoundSlot newest) {
    long back = newest.start().toEpochMilli() - slot.start().toEpochMilli();
    return back >= 0 && back < count * newest.period().toMillis();
  }

  private static RoundSummary last(List<RoundSummary> window) {
    return window.get(window.size() - 1);
  }
}
