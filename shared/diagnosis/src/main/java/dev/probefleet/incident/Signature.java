package dev.probefleet.incident;

import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import java.util.List;
import java.util.Objects;

/**
 * What a round's verdict says, reduced to what incidents compare: layer, cause, severity and
 * regional spread. An incident is updated when its signature changes.
 *
 * @param layer the verdict's layer; {@link Layer#NONE} for a healthy round
 * @param cause the verdict's cause
 * @param severity the verdict's severity
 * @param scope the verdict's scope
 * @param regions the affected regions, sorted
 */
public record Signature(
    Layer layer, Cause cause, Severity severity, Scope scope, List<String> regions) {

  /** A healthy round. */
  public static final Signature HEALTHY =
      new Signature(Layer.NONE, Cause.NONE, Severity.INFO, Scope.NONE, List.of());

  public Signature {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(scope, "scope");
    regions = regions.stream().distinct().sorted().toList();
  }

  /** The signature of a verdict. */
  public static Signature of(Verdict verdict) {
    return verdict.healthy()
        ? HEALTHY
        : new Signature(
            verdict.layer(),
            verdict.cause(),
            verdict.severity(),
            verdict.scope(),
            verdict.regions());
  }

  /** Whether the round was healthy (layer NONE). Warnings are not healthy: they keep incidents. */
  public boolean healthy() {
    return layer == Layer.NONE;
  }
}
