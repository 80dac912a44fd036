package dev.probefleet.probing;

import java.util.Objects;

/**
 * A path that was not probed in a round, and why: a secret that could not be resolved, the round
 * deadline reached before its probe could start, or a bug. Reported, never silently dropped; the
 * path is then missing from the round, which the attribution treats as an unconfigured path
 * (inconclusive rather than a guess).
 *
 * @param target the target
 * @param path the path label, e.g. {@code lb} or {@code origin[1]}
 * @param reason what happened
 */
public record RoundProblem(String target, String path, String reason) {
  public RoundProblem {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return target + " " + path + ": " + reason;
  }
}
