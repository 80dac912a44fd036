package dev.probefleet.model;

/** How loud a finding is. */
public enum Severity {
  /** A user-facing outage. */
  PAGE,
  /** Degraded: an instance kept out by health checks, an expiring certificate, a regional blip. */
  WARN,
  INFO
}
