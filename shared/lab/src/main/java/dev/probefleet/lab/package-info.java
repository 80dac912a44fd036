/**
 * The in-process fault lab: {@link dev.probefleet.lab.Lab} starts a CDN edge (nginx-like), a load
 * balancer (HAProxy-like) and origin instances on loopback, forwarding to each other, with every
 * {@link dev.probefleet.lab.LabFault} injectable at run time and every error page the one recorded
 * from the real software. It hands out the {@link dev.probefleet.model.Target} to probe it with.
 * The building blocks live in {@code lab.server} (loopback servers with named failure modes),
 * {@code lab.topology} (the forwarding hops) and {@code lab.pki} (certificates made at run time).
 */
package dev.probefleet.lab;
