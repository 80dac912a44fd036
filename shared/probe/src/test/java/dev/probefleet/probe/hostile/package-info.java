/**
 * Hostile endpoints (issue 15, item 1): a seeded, reproducible generator of malformed, truncated,
 * oversized, slow-drip, binary, lying-{@code Content-Length}, broken-chunked, TLS-garbage and
 * HTTP/0.9-style responses ({@link dev.probefleet.probe.hostile.HostileGenerator}), played byte for
 * byte by a loopback server of a few listeners ({@link dev.probefleet.probe.hostile.HostileServer})
 * at the real probe client, each case on a fresh connection. {@link
 * dev.probefleet.probe.hostile.HostileEndpointsIT} runs them, checks that every probe ends in its
 * expected DESIGN failure class, within its deadline and the client's size limits, without an
 * exception and without the heap growing, and prints the figures. A case is a pure function of the
 * seed and its number, so any failure replays alone: {@code make fuzz SEED=s CASES=n CASE=k}.
 */
package dev.probefleet.probe.hostile;
