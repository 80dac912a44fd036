package dev.probefleet.analyzer;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.RoundOutcome;
import dev.probefleet.incident.Transition;
import dev.probefleet.model.RoundSlot;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the analyzer did with one target in one run.
 *
 * @param target the target
 * @param status how far it got
 * @param regions the regions whose complete rounds of the due slot were analysed
 * @param verdict the verdict of the newest slot analysed
 * @param outcome how the state machine took the newest slot applied (a retried invocation shows
 *     {@link RoundOutcome#DUPLICATE})
 * @param transitions the transitions this run recorded, oldest first
 * @param missingRegions expected regions without a complete round of the newest slot analysed
 * @param slots the slots read this run (the due one, and earlier ones that lacked a region)
 * @param error what went wrong, for {@link Status#FAILED} (and baselines that could not be saved)
 */
public record TargetAnalysis(
    String target,
    Status status,
    List<String> regions,
    Optional<Verdict> verdict,
    Optional<RoundOutcome> outcome,
    List<Transition> transitions,
    List<String> missingRegions,
    List<RoundSlot> slots,
    Optional<String> error) {

  /** How far the analysis of a target got. */
  public enum Status {
    /** Attributed, and the state and transitions committed. */
    ANALYSED,
    /** Every slot in reach was already analysed with every expected region: nothing read. */
    UP_TO_DATE,
    /**
     * No region sent a complete round of the slots in reach: nothing to decide, state as it was.
     */
    NO_ROUNDS,
    /**
     * A fault stopped it; {@link #error()} says which. Its commit is all or nothing, so a retried
     * invocation for the slot takes it up again.
     */
    FAILED,
    /** Not started: the invocation's deadline came first. */
    SKIPPED
  }

  public TargetAnalysis {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    regions = List.copyOf(regions);
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(outcome, "outcome");
    transitions = List.copyOf(transitions);
    missingRegions = List.copyOf(missingRegions);
    slots = List.copyOf(slots);
    Objects.requireNonNull(error, "error");
  }

  static TargetAnalysis failed(String target, List<String> regions, String error) {
    return new TargetAnalysis(
        target,
        Status.FAILED,
        regions,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(),
        Optional.of(error));
  }

  static TargetAnalysis skipped(String target) {
    return new TargetAnalysis(
        target,
        Status.SKIPPED,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(),
        Optional.of("deadline reached before the target was analysed"));
  }

  static TargetAnalysis upToDate(String target) {
    return new TargetAnalysis(
        target,
        Status.UP_TO_DATE,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  static TargetAnalysis noRounds(String target, List<RoundSlot> slots, List<String> expected) {
    return new TargetAnalysis(
        target,
        Status.NO_ROUNDS,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        expected,
        slots,
        Optional.empty());
  }
}
