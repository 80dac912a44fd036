package dev.probefleet.incident;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of applying one slot to a target's certificate incidents: the next state, the
 * transitions to announce (oldest first; plain {@link Transition}s, so the incident store and the
 * outbox keep them exactly like outage transitions), the facts each one's alert needs, and how the
 * slot was taken.
 *
 * @param state the state to persist
 * @param transitions new transitions, oldest first
 * @param facts the certificate facts of each transition, by {@link Transition#alertId()}
 * @param outcome how the slot was taken
 */
public record CertificateStep(
    CertificateState state,
    List<Transition> transitions,
    Map<String, CertificateFacts> facts,
    CertificateOutcome outcome) {

  public CertificateStep {
    Objects.requireNonNull(state, "state");
    transitions = List.copyOf(transitions);
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    Objects.requireNonNull(outcome, "outcome");
    for (Transition t : transitions) {
      if (!facts.containsKey(t.alertId())) {
        throw new IllegalArgumentException("transition " + t.alertId() + " has no facts");
      }
    }
  }

  /**
   * The certificate facts of one of this step's transitions, for its alert.
   *
   * @throws IllegalArgumentException for a transition of another step
   */
  public CertificateFacts factsOf(Transition transition) {
    CertificateFacts f = facts.get(transition.alertId());
    if (f == null) {
      throw new IllegalArgumentException(
          "transition " + transition.alertId() + " is not one of this step's");
    }
    return f;
  }
}
