/**
 * The ports the services need from storage: probe rounds ({@link dev.probefleet.store.RoundStore}),
 * the targets registry ({@link dev.probefleet.store.TargetRegistry}), and the incident history with
 * the analyzer's state and the alert outbox ({@link dev.probefleet.store.IncidentStore}), with the
 * values they exchange and the query parameters of the history ({@link
 * dev.probefleet.store.IncidentQuery}, {@link dev.probefleet.store.PageRequest}). DynamoDB
 * implements them in AWS and on a laptop (DynamoDB Local); nothing here knows which.
 *
 * <p>Writes take a deadline: an implementation retries throttling and server errors until then and
 * reports what it could not write, never dropping it silently.
 */
package dev.probefleet.store;
