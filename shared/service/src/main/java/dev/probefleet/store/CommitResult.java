package dev.probefleet.store;

import java.util.List;
import java.util.Objects;

/**
 * What {@link IncidentStore#commit} did.
 *
 * @param outcome committed, or refused because the state moved on since it was read
 * @param version the state's version after the commit (for a conflict: the version expected)
 * @param recordedAlertIds the alerts this commit put into the outbox. A transition found already
 *     recorded (a retried invocation) is not recorded again and its alert is not listed: it is in
 *     the outbox already, or was published
 */
public record CommitResult(Outcome outcome, long version, List<String> recordedAlertIds) {

  /** Whether the commit was written. */
  public enum Outcome {
    /** Written (transitions already recorded by an earlier attempt were left as they were). */
    COMMITTED,
    /**
     * Not written: another invocation advanced the state since it was read. Read it again and apply
     * the round again; the state machine then says whether anything is left to do.
     */
    CONFLICT
  }

  public CommitResult {
    Objects.requireNonNull(outcome, "outcome");
    recordedAlertIds = List.copyOf(recordedAlertIds);
  }

  public boolean committed() {
    return outcome == Outcome.COMMITTED;
  }
}
