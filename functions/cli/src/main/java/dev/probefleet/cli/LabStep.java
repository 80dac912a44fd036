package dev.probefleet.cli;

import dev.probefleet.lab.LabFault;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of the lab's demo: what happens to the lab, and what the fleet should make of it — an
 * incident at a layer with a cause (then, once repaired, its resolution), or a healthy verdict.
 *
 * @param happens what is done, as a newcomer would say it ("the origin's application server dies")
 * @param fault the fault injected for the step; empty for a healthy step
 * @param layer the layer the incident must open at; {@link Layer#NONE} for a healthy step
 * @param cause the cause it must open with; {@link Cause#NONE} for a healthy step
 * @param repair what clearing the fault stands for ("the application server is back"); empty for a
 *     healthy step
 */
record LabStep(String happens, Optional<LabFault> fault, Layer layer, Cause cause, String repair) {

  LabStep {
    Objects.requireNonNull(happens, "happens");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(repair, "repair");
    if (fault.isPresent() == (layer == Layer.NONE)) {
      throw new IllegalArgumentException(
          "a step with a fault expects an incident, a healthy step none: " + happens);
    }
  }

  /** Nothing wrong: every round's verdict NONE, no incident. */
  static LabStep healthy(String happens) {
    return new LabStep(happens, Optional.empty(), Layer.NONE, Cause.NONE, "");
  }

  /** A fault that must open one incident at {@code layer} with {@code cause}, then resolve. */
  static LabStep fault(String happens, LabFault fault, Layer layer, Cause cause, String repair) {
    return new LabStep(happens, Optional.of(fault), layer, cause, repair);
  }

  boolean healthy() {
    return fault.isEmpty();
  }

  /** What the fleet should say, e.g. {@code ORIGIN UPSTREAM_APP_DOWN}. */
  String expected() {
    return healthy() ? "verdict NONE, no incident" : "an incident at " + layer + " " + cause;
  }
}
