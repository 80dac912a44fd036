/**
 * {@code probefleet diagnose}: a few rounds probed on the spot ({@link
 * dev.probefleet.probing.RoundProber}), then a verdict per target ({@link
 * dev.probefleet.diagnose.DiagnoseService}) — no store, no incidents.
 */
package dev.probefleet.diagnose;
