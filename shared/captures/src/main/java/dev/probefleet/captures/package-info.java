/**
 * Error responses recorded from real software, and the tool that records them.
 *
 * <p>{@link dev.probefleet.captures.RealSoftwareCapture} runs nginx, HAProxy, Apache (mod_proxy),
 * Varnish, Squid and Caddy on loopback in front of upstreams that misbehave in named ways ({@link
 * dev.probefleet.captures.Scenario}) and writes what each answers; {@link
 * dev.probefleet.captures.CapturedPages} lists and loads the copies shipped in this jar, each a
 * {@link dev.probefleet.captures.CapturedPage} with its raw status line, headers and body, ready to
 * be served again (the fault lab) or fingerprinted (the fingerprint tests).
 *
 * <p>Its only dependency is Jackson (the JSON form): the fault lab depends on this module for its
 * pages, so it stays free of AWS, Micronaut and CLI code.
 */
package dev.probefleet.captures;
