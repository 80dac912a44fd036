package dev.probefleet.incident;

/** How a delivered round was taken into the window. */
public enum RoundOutcome {
  /** The newest slot so far: added. */
  APPLIED,
  /** An older slot, still inside the window: placed into its slot. */
  OUT_OF_ORDER,
  /** A slot already in the window with a different verdict (more regions reported): replaced. */
  REVISED,
  /** A slot already in the window with the same verdict: nothing changes. */
  DUPLICATE,
  /** A slot older than the window: ignored. */
  LATE_IGNORED
}
