package dev.probefleet.probe;

import dev.probefleet.ProbefleetException;

/**
 * A probe could not start before its deadline: the round deadline had passed, too little of it was
 * left, or no connection slot came free in time. The target was never contacted, so this is the
 * fleet's own shortfall, not a failure of the target — {@link ProbeClient#round} reports it as a
 * {@link RoundOutcome.NotStarted} entry.
 */
public final class ProbeNotStartedException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String path;

  public ProbeNotStartedException(String target, String path, String reason) {
    super(target + " " + path + " not probed: " + reason);
    this.target = target;
    this.path = path;
  }

  /** The target's name. */
  public String target() {
    return target;
  }

  /** The path's label, e.g. {@code origin[1]}. */
  public String path() {
    return path;
  }
}
