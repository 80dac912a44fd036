package dev.probefleet.report;

import dev.probefleet.attribution.Verdict;
import java.util.Objects;

/**
 * One target's entry of a {@code diagnose} report.
 *
 * @param name the target's name
 * @param verdict its verdict (over one or several rounds)
 */
public record TargetDiagnosis(String name, Verdict verdict) {
  public TargetDiagnosis {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(verdict, "verdict");
  }
}
