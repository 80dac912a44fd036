package dev.probefleet.incident;

import java.util.List;
import java.util.Objects;

/**
 * The result of applying one round: the next state, the transitions to announce (usually none, at
 * most a few), and how the round was taken.
 *
 * @param state the state to persist
 * @param transitions new transitions, oldest first
 * @param outcome how the round was taken
 */
public record IncidentStep(
    IncidentState state, List<Transition> transitions, RoundOutcome outcome) {
  public IncidentStep {
    Objects.requireNonNull(state, "state");
    transitions = List.copyOf(transitions);
    Objects.requireNonNull(outcome, "outcome");
  }
}
