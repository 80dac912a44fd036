/**
 * Incidents: two pure state machines that turn what rounds saw into incident transitions (OPENED,
 * UPDATED, RESOLVED) with stable, time-sortable ids, each with its small serialisable state and its
 * policy. No clock and no store: rounds are keyed by their slot, and the caller persists the state
 * it gets back.
 *
 * <ul>
 *   <li>Outages: the K-of-N / M-healthy machine over a target's round verdicts ({@link
 *       dev.probefleet.incident.Incidents}, {@link dev.probefleet.incident.IncidentState}, {@link
 *       dev.probefleet.incident.IncidentStateJson}). WARN verdicts open WARN incidents; findings
 *       attached to verdicts never drive it.
 *   <li>Expiring certificates: one incident per (target, path, certificate) served within two weeks
 *       of expiry, escalated to PAGE within three days, resolved when the path serves another
 *       certificate or is no longer configured ({@link
 *       dev.probefleet.incident.CertificateIncidents}, {@link
 *       dev.probefleet.incident.CertificateState}, {@link
 *       dev.probefleet.incident.CertificateStateJson}). It runs beside the outage machine, never
 *       instead of it, so an expiring certificate can neither mask an outage nor be masked by one.
 * </ul>
 *
 * Both emit plain {@link dev.probefleet.incident.Transition}s, so one incident store and one outbox
 * keep them alike.
 */
package dev.probefleet.incident;
