package dev.probefleet.incident;

import dev.probefleet.model.RoundSlot;
import java.util.Objects;
import java.util.Optional;

/**
 * One transition of an incident, the thing an alert announces.
 *
 * @param target the target
 * @param incidentId the incident's id (a ULID: time-sortable and deterministic)
 * @param number 1 for OPENED, then 2, 3 … per incident
 * @param kind OPENED, UPDATED or RESOLVED
 * @param slot the round slot it happened at
 * @param signature the incident's layer, cause, severity and spread after the transition (for
 *     RESOLVED: what it was while open)
 * @param previous for UPDATED, the signature before
 */
public record Transition(
    String target,
    String incidentId,
    int number,
    TransitionKind kind,
    RoundSlot slot,
    Signature signature,
    Optional<Signature> previous) {

  public Transition {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(previous, "previous");
    if (number < 1) {
      throw new IllegalArgumentException("transition numbers start at 1: " + number);
    }
  }

  /**
   * The alert's stable id, incident id + transition number (e.g. {@code 01JD…-3}): a redelivered or
   * republished alert carries the same id, for subscribers to de-duplicate.
   */
  public String alertId() {
    return incidentId + "-" + number;
  }
}
