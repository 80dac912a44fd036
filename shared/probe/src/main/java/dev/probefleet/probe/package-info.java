/**
 * The probe client: sends one synthetic request per sample over a socket it owns and reports what
 * happened as data — a {@link dev.probefleet.model.ProbeResult} with a failure class from the
 * lowest failing phase, phase timings and the evidence (status, headers, captured body, TLS chain,
 * correlation ids) — never as an exception.
 *
 * <p>{@link dev.probefleet.probe.ProbeClient} probes one {@link dev.probefleet.probe.ProbeTask} (a
 * path of a target, with its request already resolved) or a whole round of them on virtual threads
 * under a bound on open connections and a round deadline, returning a {@link
 * dev.probefleet.probe.RoundOutcome}. {@link dev.probefleet.probe.HostResolver} is the pluggable,
 * uncached name resolution. {@link dev.probefleet.probe.ProbeClient#prime()} runs the client's path
 * once against a loopback server of its own, so that a fresh process's first round times like a
 * warm one.
 *
 * <p>Phase timings: a phase that started records the time spent in it, whether it completed or
 * failed (a refused connect has a {@code connect} time, a response that never came has a {@code
 * ttfb} equal to the wait); a phase that never started is {@code null}. A reused keep-alive
 * connection has no {@code dns}, {@code connect} or {@code tls}.
 *
 * <p>TLS: a {@link dev.probefleet.model.TlsSession} is recorded whenever the server presented a
 * chain, also when strict verification rejected it; its {@code sni} is empty when no server name
 * was sent (the effective SNI was an IP literal, checked against the certificate's IP SANs). Each
 * handshake is a full one: sessions are never resumed, so every probe sees the certificate served
 * now.
 *
 * <p>Exceptions from this package are probefleet's own faults (a task that cannot be sent, a CA
 * bundle that does not parse, a probe that could not start before its deadline); they never carry
 * request header values, which may be secrets.
 */
package dev.probefleet.probe;
