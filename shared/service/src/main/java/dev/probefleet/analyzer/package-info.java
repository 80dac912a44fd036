/**
 * The analyzer: for one round slot, every registered target's rounds from all regions are
 * fingerprinted, attributed to a layer, fed to the incident state machine, and the resulting
 * transitions committed with their alerts (outbox), then published ({@link
 * dev.probefleet.analyzer.AnalyzerService}). Pure Java on the ports of {@code
 * dev.probefleet.store}, {@code dev.probefleet.notify} and {@code dev.probefleet.metrics}: the
 * Lambda handler and {@code probefleet run} give it AWS or local adapters.
 */
package dev.probefleet.analyzer;
