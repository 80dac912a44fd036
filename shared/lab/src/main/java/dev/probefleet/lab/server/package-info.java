/**
 * Loopback servers whose misbehaviour is named, for tests and the fault lab: an HTTP server ({@link
 * dev.probefleet.lab.server.FaultHttpServer}) whose replies carry a {@link
 * dev.probefleet.lab.server.Fault}, switchable at run time, with optional TLS; a stub DNS server
 * answering with addresses, NXDOMAIN, SERVFAIL, REFUSED or silence; a listener whose connects never
 * complete; and a server that accepts and then says nothing. Every server binds to 127.0.0.1 on a
 * port chosen by the kernel, serves each connection on a virtual thread, and closes cleanly.
 */
package dev.probefleet.lab.server;
