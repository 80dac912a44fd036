package dev.probefleet.analyzer;

import dev.probefleet.model.RoundSlot;
import java.util.List;
import java.util.Objects;

/**
 * What one analyzer run did: per target, and for the outbox.
 *
 * @param slot the due slot analysed
 * @param targets every registered target of the shard, in registry order
 * @param alertsPublished alert ids published by this run (leftovers of earlier runs included)
 * @param alertsPending alert ids this run tried and could not publish (or could not mark
 *     published): they stay in the outbox and a later run sends them
 * @param alertsDeadLettered alert ids this run gave up (kept as dead letters)
 * @param errors faults outside a single target's analysis (registry or outbox unreadable, alerts
 *     not published), each naming what it concerns
 */
public record AnalysisReport(
    RoundSlot slot,
    List<TargetAnalysis> targets,
    List<String> alertsPublished,
    List<String> alertsPending,
    List<String> alertsDeadLettered,
    List<String> errors) {

  public AnalysisReport {
    Objects.requireNonNull(slot, "slot");
    targets = List.copyOf(targets);
    alertsPublished = List.copyOf(alertsPublished);
    alertsPending = List.copyOf(alertsPending);
    alertsDeadLettered = List.copyOf(alertsDeadLettered);
    errors = List.copyOf(errors);
  }

  /** Transitions recorded by this run. */
  public int transitions() {
    return targets.stream().mapToInt(t -> t.transitions().size()).sum();
  }

  /** The analysis of one target. */
  public TargetAnalysis target(String name) {
    return targets.stream()
        .filter(t -> t.target().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no analysis of " + name));
  }

  /** Targets that failed or were skipped. */
  public List<TargetAnalysis> incomplete() {
    return targets.stream()
        .filter(
            t ->
                t.status() == TargetAnalysis.Status.FAILED
                    || t.status() == TargetAnalysis.Status.SKIPPED)
        .toList();
  }

  /** Every target analysed (or without rounds), every alert out, no error. */
  public boolean complete() {
    return incomplete().isEmpty() && alertsPending.isEmpty() && errors.isEmpty();
  }
}
