package dev.probefleet.incident;

/**
 * How {@link CertificateIncidents} took a slot. Named apart from {@link RoundOutcome}: the
 * certificate machine keeps no window, only the newest slot.
 */
public enum CertificateOutcome {
  /** A slot newer than any applied: evaluated, and now the newest. */
  APPLIED,
  /**
   * The newest slot again, with something new (a region that reported late was served another
   * expiring certificate, or time crossed the PAGE threshold): transitions were emitted.
   */
  REVISED,
  /** The newest slot again, and nothing changes: no transitions, the same state. */
  DUPLICATE,
  /** A slot older than the newest applied: ignored. */
  LATE_IGNORED
}
