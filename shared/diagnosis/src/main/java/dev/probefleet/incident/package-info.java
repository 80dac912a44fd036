/**
 * Incidents: the pure K-of-N / M-healthy state machine that turns a target's round verdicts into
 * incident transitions (OPENED, UPDATED, RESOLVED) with stable, time-sortable ids ({@link
 * dev.probefleet.incident.Incidents}), its small serialisable state ({@link
 * dev.probefleet.incident.IncidentState}, {@link dev.probefleet.incident.IncidentStateJson}), and
 * its policy. No clock and no store: rounds are keyed by their slot, and the caller persists the
 * state it gets back. WARN verdicts open WARN incidents; findings never drive incidents (see {@link
 * dev.probefleet.incident.Incidents}).
 */
package dev.probefleet.incident;
