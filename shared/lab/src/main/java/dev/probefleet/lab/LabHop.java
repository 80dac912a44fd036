package dev.probefleet.lab;

/** Where in the lab a {@link LabFault} is injected. */
public enum LabHop {
  /** The CDN edge, which behaves like nginx. */
  CDN,
  /** The load balancer, which behaves like HAProxy. */
  LOAD_BALANCER,
  /** An origin instance: its application server, and the nginx in front of it if there is one. */
  ORIGIN,
  /** The lab's DNS server, for the name of one path. */
  DNS
}
