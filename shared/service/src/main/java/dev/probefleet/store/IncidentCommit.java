package dev.probefleet.store;

import dev.probefleet.incident.CertificateState;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.Transition;
import dev.probefleet.notify.AlertMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one analysed round slot changes for one target, written atomically: the next state (only if
 * the stored version is still {@code expectedVersion}), and for each transition its record, the
 * incident it changes and its alert, pending in the outbox.
 *
 * @param target the target
 * @param expectedVersion the version the state was read at ({@link StoredIncidentState#version()})
 * @param state the next state
 * @param certificates the next state of the target's expiring-certificate incidents
 * @param entries the transitions, oldest first; empty when only the window moved
 * @param status what {@code /v1/status} shows of the target from now on (absent: nothing)
 */
public record IncidentCommit(
    String target,
    long expectedVersion,
    IncidentState state,
    CertificateState certificates,
    List<Entry> entries,
    Optional<TargetStatus> status) {

  /**
   * One transition with what is kept of it.
   *
   * @param transition the transition
   * @param summary the summary sentence of the verdict that caused it
   * @param evidence the verdict and its per-path evidence as a JSON document
   * @param alert the rendered alert; its id is the transition's {@link Transition#alertId()}
   */
  public record Entry(Transition transition, String summary, String evidence, AlertMessage alert) {
    public Entry {
      Objects.requireNonNull(transition, "transition");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(evidence, "evidence");
      Objects.requireNonNull(alert, "alert");
      if (!alert.alertId().equals(transition.alertId())) {
        throw new IllegalArgumentException(
            "alert " + alert.alertId() + " is not the alert of transition " + transition.alertId());
      }
    }
  }

  public IncidentCommit {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(certificates, "certificates");
    entries = List.copyOf(entries);
    Objects.requireNonNull(status, "status");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must not be negative");
    }
    if (!state.target().equals(target)) {
      throw new IllegalArgumentException("state of " + state.target() + " committed for " + target);
    }
    if (status.isPresent() && !status.get().target().equals(target)) {
      throw new IllegalArgumentException(
          "status of " + status.get().target() + " committed for " + target);
    }
    for (Entry e : entries) {
      if (!e.transition().target().equals(target)) {
        throw new IllegalArgumentException(
            "transition "
                + e.transition().alertId()
                + " of "
                + e.transition().target()
                + " committed for "
                + target);
      }
    }
  }

  /** A commit without a status (tests, and tools that replay history). */
  public IncidentCommit(
      String target, long expectedVersion, IncidentState state, List<Entry> entries) {
    this(target, expectedVersion, state, CertificateState.empty(target), entries, Optional.empty());
  }
}
