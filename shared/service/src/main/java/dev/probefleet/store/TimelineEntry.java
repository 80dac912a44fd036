package dev.probefleet.store;

import dev.probefleet.incident.Transition;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of an incident's evidence timeline: a transition, the evidence it rests on and its
 * alert.
 *
 * @param transition the transition
 * @param summary the summary sentence of the verdict that caused it
 * @param evidence the verdict and its per-path evidence, as the JSON document written with it
 * @param recordedAt when it was recorded (wall clock of the analyzer)
 * @param alert its alert (absent only if the store lost it)
 */
public record TimelineEntry(
    Transition transition,
    String summary,
    String evidence,
    Instant recordedAt,
    Optional<AlertRecord> alert) {
  public TimelineEntry {
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(alert, "alert");
  }
}
