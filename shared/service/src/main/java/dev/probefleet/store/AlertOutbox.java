package dev.probefleet.store;

import java.time.Instant;

/**
 * The alert outbox: alerts are written pending with their transition ({@link
 * TargetStateStore#commit}), published, then taken out. What a run could not publish stays pending
 * with its attempts, last error and next due time; what the transport refuses for good, or what
 * stays undeliverable too long, moves to the dead letters — kept and listed, never lost, and never
 * in the way of the alerts behind it.
 */
public interface AlertOutbox {

  /**
   * Pending alerts due at or before {@code dueBy}, the earliest due first (a new alert is due at
   * its creation; a failing one later after each failure, so it moves behind the others). {@link
   * Instant#MAX} lists every pending alert. An alert a concurrent run is publishing at this moment
   * may still be listed; publishing it again is harmless (subscribers de-duplicate on its id). The
   * read gives up at {@code deadline} (or the store's own read budget, whichever ends first).
   *
   * @throws InvalidQueryException for a continuation token not issued for this query
   */
  Page<PendingAlert> pending(Instant dueBy, PageRequest page, Instant deadline);

  /** {@link #pending(Instant, PageRequest, Instant)} within the store's own read budget. */
  default Page<PendingAlert> pending(Instant dueBy, PageRequest page) {
    return pending(dueBy, page, Instant.MAX);
  }

  /**
   * Takes a published alert out of the outbox, recording the transport's message id.
   *
   * @return false when it was no longer pending (another run published it, or it was dead-lettered)
   */
  boolean markPublished(String incidentId, int number, String messageId, Instant deadline);

  /**
   * Records a failed publication: one more attempt, the error, and when it is due again.
   *
   * @return false when it was no longer pending
   */
  boolean recordFailure(
      String incidentId, int number, String error, Instant nextAttemptAt, Instant deadline);

  /**
   * Gives a pending alert up: it leaves the pending alerts for the dead letters, with the reason.
   *
   * @return false when it was no longer pending
   */
  boolean deadLetter(String incidentId, int number, String reason, Instant deadline);

  /**
   * The dead letters, most recently given up first.
   *
   * @throws InvalidQueryException for a continuation token not issued for this query
   */
  Page<DeadLetter> deadLetters(PageRequest page);
}
