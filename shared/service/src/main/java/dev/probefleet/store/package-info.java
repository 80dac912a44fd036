/**
 * The ports the services need from storage, each shaped by its caller:
 *
 * <ul>
 *   <li>{@link dev.probefleet.store.RoundStore} — probe rounds (the probe service writes, first
 *       write wins; the analyzer reads a slot, or the last few);
 *   <li>{@link dev.probefleet.store.TargetRegistry} — the targets (cached by {@link
 *       dev.probefleet.store.CachedTargets} in long-lived processes);
 *   <li>{@link dev.probefleet.store.TargetStateStore} — the analyzer's per-target state: one read,
 *       one conditional write per run;
 *   <li>{@link dev.probefleet.store.AlertOutbox} — pending alerts, attempts, dead letters;
 *   <li>{@link dev.probefleet.store.IncidentHistory} and {@link dev.probefleet.store.StatusStore} —
 *       what the query API and the CLI read.
 * </ul>
 *
 * {@link dev.probefleet.store.IncidentStore} is the last four together, as one table holds them.
 * DynamoDB implements every port (in AWS, against an emulator, and on a laptop with DynamoDB
 * Local); {@code dev.probefleet.store.memory} implements them in memory, passing the same contract
 * suites, for fast tests and {@code --store memory}. Nothing here knows which.
 *
 * <p>Writes take a deadline: an implementation retries throttling and server errors until then and
 * reports what it could not write, never dropping it silently.
 */
package dev.probefleet.store;
