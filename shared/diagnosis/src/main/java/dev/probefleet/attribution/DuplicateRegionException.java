package dev.probefleet.attribution;

import dev.probefleet.ProbefleetException;
import dev.probefleet.model.RoundSlot;

/** Two round records of one region were handed to attribution for the same target and slot. */
public final class DuplicateRegionException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String region;

  public DuplicateRegionException(String target, RoundSlot slot, String region) {
    super(
        "region "
            + region
            + " reported target '"
            + target
            + "' twice for slot "
            + slot
            + "; pass one round per region");
    this.target = target;
    this.region = region;
  }

  public String target() {
    return target;
  }

  public String region() {
    return region;
  }
}
