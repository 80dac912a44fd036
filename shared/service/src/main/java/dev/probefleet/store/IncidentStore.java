package dev.probefleet.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The incident history and the analyzer's state: per target the incident state (the K-of-N window
 * and the open incident) and the learned baselines; per incident its summary, its transitions with
 * their evidence, and its alerts, which double as the outbox.
 *
 * <p>Writes take a deadline and retry throttling, server errors and lost connections until then; a
 * write still failing at the deadline throws {@link StoreException}. Every write is idempotent: a
 * retried or duplicated invocation never records a transition or an alert twice.
 *
 * <p>Listing queries return one bounded page at a time ({@link PageRequest}); a page may be empty
 * and still be followed by more.
 */
public interface IncidentStore {

  /** A target's incident state and its version; {@link StoredIncidentState#none} if never saved. */
  StoredIncidentState state(String target);

  /**
   * Writes the next state and the transitions that lead to it, with their alerts pending in the
   * outbox, all or nothing, if the stored state is still at {@link IncidentCommit#expectedVersion}.
   * A transition already recorded (by an earlier, seemingly failed attempt) is left as it is.
   *
   * @return {@link CommitResult.Outcome#CONFLICT} when the state moved on since it was read:
   *     nothing was written, the caller reads the state again and decides again
   * @throws StoreException when the write still fails at the deadline
   */
  CommitResult commit(IncidentCommit commit, Instant deadline);

  /** A target's learned baselines, by path label. */
  Map<String, LearnedBaseline> baselines(String target);

  /**
   * Saves a path's baseline if it learned from a newer slot than the stored one.
   *
   * @return false when the stored baseline already learned from that slot or a newer one
   */
  boolean saveBaseline(String target, LearnedBaseline baseline, Instant deadline);

  /**
   * Alerts written but not yet published, by alert id. An alert a concurrent run is publishing at
   * this moment may still be listed; publishing it again is harmless (subscribers de-duplicate on
   * the id).
   */
  Page<PendingAlert> pendingAlerts(PageRequest page);

  /**
   * Takes a published alert out of the outbox, recording the transport's message id.
   *
   * @return false when it was no longer pending (another run published it too)
   */
  boolean markPublished(String incidentId, int number, String messageId, Instant deadline);

  /**
   * Incidents, newest first.
   *
   * @throws InvalidQueryException for a continuation token not issued for this query
   */
  Page<IncidentSummary> find(IncidentQuery query, PageRequest page);

  /** One incident with its evidence timeline. */
  Optional<IncidentTimeline> incident(String incidentId);
}
