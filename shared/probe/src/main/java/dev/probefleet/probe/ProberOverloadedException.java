package dev.probefleet.probe;

import dev.probefleet.ProbefleetException;

/**
 * A probe's failure was seen while the prober itself was saturated (its own timer late by more than
 * the failure can be told apart from), and so was its retry's, or there was no time for one. The
 * failure may be the prober's queueing, not the target's: {@link ProbeClient#round} reports the
 * path as {@link RoundOutcome.ProberOverloaded}, never as a failure of the target.
 */
public final class ProberOverloadedException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String path;
  private final String reason;

  public ProberOverloadedException(String target, String path, String reason) {
    super(target + " " + path + ": prober overloaded: " + reason);
    this.target = target;
    this.path = path;
    this.reason = reason;
  }

  /** The target's name. */
  public String target() {
    return target;
  }

  /** The path's label, e.g. {@code origin[1]}. */
  public String path() {
    return path;
  }

  /** What failed, and how late the prober's timer was. */
  public String reason() {
    return reason;
  }
}
