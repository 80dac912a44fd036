/**
 * Probing the fleet: {@link dev.probefleet.probing.RoundProber} turns targets into probe tasks for
 * one region and the outcomes into round records (fingerprinted where the responses are, with the
 * paths it could not probe recorded as such); {@link dev.probefleet.probing.ProbeService} is what
 * the probe function and {@code probefleet run} call each scheduled slot: this region's shard of
 * the registry, probed within the caller's deadline, failing paths confirmed once, rounds written
 * to the home region's store.
 */
package dev.probefleet.probing;
