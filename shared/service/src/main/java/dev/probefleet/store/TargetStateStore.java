package dev.probefleet.store;

import java.time.Instant;
import java.util.List;

/**
 * What the analyzer reads and writes per target: one read ({@link #load}), one conditional write
 * ({@link #commit}) per run, and baselines only when they changed ({@link #saveBaselines}).
 */
public interface TargetStateStore {

  /**
   * A target's state, baselines and status, read at once; {@link TargetState#none} if never saved.
   *
   * @throws StoreException when it still cannot be read at the deadline
   */
  TargetState load(String target, Instant deadline);

  /**
   * Writes the next state and status and the transitions that lead to it, with their alerts pending
   * in the outbox, all or nothing, if the stored state is still at {@link
   * IncidentCommit#expectedVersion}. A transition already recorded (by an earlier, seemingly failed
   * attempt) is left as it is.
   *
   * @return {@link CommitResult.Outcome#CONFLICT} when the state moved on since it was read:
   *     nothing was written, the caller reads it again and decides again
   * @throws StoreException when the write still fails at the deadline
   */
  CommitResult commit(IncidentCommit commit, Instant deadline);

  /**
   * Saves paths' baselines, each only if it learned from a newer slot than the stored one (a
   * retried analysis never counts a slot twice).
   *
   * @return the path labels saved (those already as new or newer are left out)
   * @throws StoreException when a write still fails at the deadline
   */
  List<String> saveBaselines(String target, List<LearnedBaseline> baselines, Instant deadline);
}
