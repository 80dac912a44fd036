package dev.probefleet.model;

import java.util.Objects;

/**
 * A path a round should have probed and did not, for the prober's own reasons: the invocation's
 * deadline came first, a secret could not be resolved, or a bug. Kept in the round so that the
 * round reads as incomplete — never as a healthy one, and never as the target's fault.
 *
 * @param label the path label ({@code cdn}, {@code lb}, {@code origin[1]})
 * @param reason what happened
 */
public record UnprobedPath(String label, String reason) {
  public UnprobedPath {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(reason, "reason");
  }
}
