/**
 * The analyzer: per round slot, every registered target's complete rounds from all regions are
 * fingerprinted, attributed to a layer, confirmed or not by the fast confirmation, fed to the
 * incident state machine, and the resulting transitions committed with their alerts (outbox), then
 * published ({@link dev.probefleet.analyzer.AnalyzerService}); the outbox never lets an alert hold
 * back the others ({@link dev.probefleet.analyzer.OutboxSettings}). Pure Java on the ports of
 * {@code dev.probefleet.store}, {@code dev.probefleet.notify} and {@code dev.probefleet.metrics}:
 * the Lambda handler and {@code probefleet run} give it AWS, local or in-memory adapters.
 */
package dev.probefleet.analyzer;
