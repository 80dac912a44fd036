/**
 * How the recordings are made: one configuration writer per software ({@link
 * dev.probefleet.captures.internal.ProxySetup}), the misbehaving upstreams, the raw HTTP exchange
 * that keeps a response exactly as received, and process supervision. Not part of the API.
 */
package dev.probefleet.captures.internal;
