/**
 * Probing rounds of targets and diagnosing them on the spot: {@link
 * dev.probefleet.diagnose.RoundProber} turns targets into probe tasks for one region and the
 * outcomes into round records (the probe function and the local runner use it too); {@link
 * dev.probefleet.diagnose.DiagnoseService} is {@code probefleet diagnose}: a few rounds, then a
 * verdict per target — no store, no incidents.
 */
package dev.probefleet.diagnose;
