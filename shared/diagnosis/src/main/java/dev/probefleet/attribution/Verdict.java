package dev.probefleet.attribution;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import java.util.List;
import java.util.Objects;

/**
 * Where a target's failure arises and why, for one round slot (or, from {@link
 * Attribution#overRounds}, several).
 *
 * @param layer the layer the failure arises at; {@link Layer#NONE} when nothing fails; {@link
 *     Layer#INCONCLUSIVE} when a path needed to decide is not configured
 * @param cause why, from the closed list; {@link Cause#NONE} when nothing fails
 * @param severity {@link Severity#PAGE} for a user-facing outage, {@link Severity#WARN} when
 *     degraded but users are served (or only a minority of regions see it), {@link Severity#INFO}
 *     when healthy
 * @param summary one sentence an SRE reads at 3 a.m., naming the layer, the cause and the evidence
 * @param scope all regions, some, or none
 * @param regions the affected regions, sorted; empty when nothing fails
 * @param candidates the layers the failure may be at, for {@link Layer#INCONCLUSIVE}; else empty
 * @param rate the failing share 0..1: 1.0 for a solid failure, the burst's (or the rounds') failure
 *     rate for an intermittent one, 0.0 when healthy
 * @param findings further warnings and notes, never paging by themselves
 * @param evidence the per-path evidence and each layer's added latency
 */
public record Verdict(
    Layer layer,
    Cause cause,
    Severity severity,
    String summary,
    Scope scope,
    List<String> regions,
    List<Layer> candidates,
    double rate,
    List<Finding> findings,
    Evidence evidence) {

  public Verdict {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(scope, "scope");
    regions = regions.stream().distinct().sorted().toList();
    candidates = List.copyOf(candidates);
    findings = List.copyOf(findings);
    Objects.requireNonNull(evidence, "evidence");
    if (rate < 0.0 || rate > 1.0 || Double.isNaN(rate)) {
      throw new IllegalArgumentException("rate outside 0..1: " + rate);
    }
    if (!candidates.isEmpty() && layer != Layer.INCONCLUSIVE) {
      throw new IllegalArgumentException("candidates are only listed for INCONCLUSIVE: " + layer);
    }
    if ((layer == Layer.NONE) != (cause == Cause.NONE)) {
      throw new IllegalArgumentException("layer " + layer + " with cause " + cause);
    }
  }

  /** Nothing is failing (findings may still warn). */
  public boolean healthy() {
    return layer == Layer.NONE;
  }

  /** A user-facing outage. */
  public boolean pages() {
    return !healthy() && severity == Severity.PAGE;
  }

  /**
   * Whether someone has to act now: the verdict pages, or it is inconclusive (the config lacks a
   * path to decide). {@code probefleet diagnose} exits 1 exactly then.
   */
  public boolean actionable() {
    return pages() || layer == Layer.INCONCLUSIVE;
  }
}
