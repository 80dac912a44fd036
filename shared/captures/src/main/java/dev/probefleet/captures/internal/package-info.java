/**
 * How the recordings are made: one configuration writer per software ({@link
 * dev.probefleet.captures.internal.ProxySetup}), the misbehaving upstreams, the raw HTTP exchange
 * that keeps a response exactly as received, process supervision, and a small JSON codec. Not part
 * of the API.
 */
package dev.probefleet.captures.internal;
