package dev.probefleet.store;

/**
 * Everything kept about incidents, in one store: the analyzer's per-target state ({@link
 * TargetStateStore}), the alert outbox ({@link AlertOutbox}), the history people query ({@link
 * IncidentHistory}) and the fleet's status ({@link StatusStore}). The adapters implement it whole
 * (in DynamoDB it is one table); callers depend on the part they use.
 *
 * <p>Writes take a deadline and retry throttling, server errors and lost connections until then; a
 * write still failing at the deadline throws {@link StoreException}. Every write is idempotent: a
 * retried or duplicated invocation never records a transition or an alert twice.
 *
 * <p>Listing queries return one bounded page at a time ({@link PageRequest}); a page may be empty
 * and still be followed by more.
 */
public interface IncidentStore
    extends TargetStateStore, AlertOutbox, IncidentHistory, StatusStore {}
