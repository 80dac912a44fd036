/**
 * Renderings of verdicts for people and programs: the {@code probefleet diagnose} report (its JSON
 * contract of DESIGN §3 and a text form) and the JSON and text shapes of path evidence that alerts
 * reuse.
 */
package dev.probefleet.report;
