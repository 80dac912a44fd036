package dev.probefleet.incident;

/** What happened to an incident. Also the {@code state} of its alert. */
public enum TransitionKind {
  OPENED,
  UPDATED,
  RESOLVED
}
