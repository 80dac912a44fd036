package dev.probefleet.attribution;

import dev.probefleet.ProbefleetException;
import dev.probefleet.model.RoundSlot;

/** A round record handed to attribution belongs to another target or another slot. */
public final class RoundMismatchException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String region;

  public RoundMismatchException(
      String target, RoundSlot slot, String region, String recordTarget, RoundSlot recordSlot) {
    super(
        "the round of region "
            + region
            + " is for target '"
            + recordTarget
            + "' slot "
            + recordSlot
            + ", but target '"
            + target
            + "' slot "
            + slot
            + " is being attributed");
    this.target = target;
    this.region = region;
  }

  /** The target being attributed. */
  public String target() {
    return target;
  }

  /** The region whose round does not belong. */
  public String region() {
    return region;
  }
}
