/**
 * Attribution: where a target's failure arises (CDN, load balancer, origin, network, DNS) and why,
 * from one round slot's probes of every region (DESIGN §1, "Attribution"). {@link
 * dev.probefleet.attribution.Attribution#attribute} turns an {@link
 * dev.probefleet.attribution.AttributionInput} into a {@link dev.probefleet.attribution.Verdict}
 * with its cause, severity, scope, rate, findings and per-path evidence; {@link
 * dev.probefleet.attribution.Attribution#overRounds} combines several rounds' verdicts. Pure logic:
 * no I/O, no clock (the caller passes {@code now}).
 */
package dev.probefleet.attribution;
