package dev.probefleet.attribution;

import dev.probefleet.ProbefleetException;

/**
 * Attribution was asked for a verdict without anything to base it on: no region's round for a slot,
 * or no verdicts to combine over rounds. A caller with nothing to attribute skips the target.
 */
public final class NoRoundsException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String target;

  public NoRoundsException(String target, String what) {
    super("nothing to attribute for target '" + target + "': " + what);
    this.target = target;
  }

  public String target() {
    return target;
  }
}
