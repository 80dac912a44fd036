package dev.probefleet.analyzer;

import dev.probefleet.ProbefleetException;
import dev.probefleet.model.RoundSlot;

/**
 * One target's analysis could not be completed; the message names the target and the slot. The
 * other targets are analysed regardless.
 */
public class AnalysisException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String target;

  public AnalysisException(String target, RoundSlot slot, String problem) {
    super("target " + target + ", slot " + slot + ": " + problem);
    this.target = target;
  }

  public String target() {
    return target;
  }
}
