package dev.probefleet.analyzer;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.RoundOutcome;
import dev.probefleet.incident.Transition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the analyzer did with one target in one slot.
 *
 * @param target the target
 * @param status how far it got
 * @param regions the regions whose rounds were analysed
 * @param verdict the slot's verdict, once attributed
 * @param outcome how the state machine took the slot (a retried invocation shows {@link
 *     RoundOutcome#DUPLICATE})
 * @param transitions the transitions this run recorded, oldest first
 * @param error what went wrong, for {@link Status#FAILED} (and a baseline that could not be saved)
 */
public record TargetAnalysis(
    String target,
    Status status,
    List<String> regions,
    Optional<Verdict> verdict,
    Optional<RoundOutcome> outcome,
    List<Transition> transitions,
    Optional<String> error) {

  /** How far the analysis of a target got. */
  public enum Status {
    /** Attributed, and the state and transitions committed. */
    ANALYSED,
    /** No region reported the slot: nothing to decide, the state is left as it is. */
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
        Optional.of("deadline reached before the target was analysed"));
  }

  static TargetAnalysis noRounds(String target) {
    return new TargetAnalysis(
        target,
        Status.NO_ROUNDS,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty());
  }
}
