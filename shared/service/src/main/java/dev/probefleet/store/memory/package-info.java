/**
 * The store ports in memory: the same behaviour as the DynamoDB stores — conditional commits,
 * first-write-wins rounds, the outbox with attempts and dead letters, pages of bounded reads with
 * continuation tokens bound to their query — proven by the same contract suites. For fast tests of
 * the services and for {@code probefleet run --store memory}; nothing survives the process.
 */
package dev.probefleet.store.memory;
