/**
 * The values every part of probefleet exchanges, as immutable records: what to probe ({@link
 * dev.probefleet.model.Target}, {@link dev.probefleet.model.PathSpec}), what a probe saw ({@link
 * dev.probefleet.model.ProbeResult} with its {@link dev.probefleet.model.FailureClass} and {@link
 * dev.probefleet.model.PhaseTimings}), who wrote a response ({@link
 * dev.probefleet.model.Fingerprint}), and one region's round of a target ({@link
 * dev.probefleet.model.RoundRecord}).
 *
 * <p>Optional values are {@code null} only where the record's documentation says so (a phase that
 * never ran, a status never received); collections are never null.
 */
package dev.probefleet.model;
