/**
 * The lab's forwarding hops: a small in-process HTTP/1.1 reverse proxy ({@link
 * dev.probefleet.lab.topology.ProxyHop}) that behaves like the software it stands for ({@link
 * dev.probefleet.lab.topology.ProxySoftware}: nginx as a CDN edge or an origin web server, HAProxy
 * as a load balancer) — how it forwards a request, what it does to the response headers it relays,
 * how it retries, and the error page it answers for each way an upstream can fail ({@link
 * dev.probefleet.lab.topology.UpstreamFailure}), served byte for byte from the pages recorded from
 * the real software ({@code probefleet-captures}). Its settings ({@link
 * dev.probefleet.lab.topology.HopSettings}) switch at run time; that is how the lab injects the
 * faults of a hop.
 */
package dev.probefleet.lab.topology;
