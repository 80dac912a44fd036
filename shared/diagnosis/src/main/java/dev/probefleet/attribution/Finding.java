package dev.probefleet.attribution;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something worth knowing besides the verdict: an origin instance kept out by health checks, a
 * certificate about to expire, a hop whose certificate does not cover its SNI, a path the prober
 * cannot reach, a different fault seen from another region. Findings are never louder than {@link
 * Severity#WARN}: they do not page by themselves.
 *
 * @param layer where it is
 * @param cause what it is
 * @param severity {@link Severity#WARN} or {@link Severity#INFO}
 * @param summary one sentence for a person
 * @param path the path it concerns ({@code cdn}, {@code lb}, {@code origin[1]}), if one
 * @param regions the regions that saw it, sorted
 */
public record Finding(
    Layer layer,
    Cause cause,
    Severity severity,
    String summary,
    Optional<String> path,
    List<String> regions) {

  public Finding {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(path, "path");
    regions = regions.stream().distinct().sorted().toList();
    if (severity == Severity.PAGE) {
      throw new IllegalArgumentException("a finding never pages: " + summary);
    }
  }

  /** The same finding, also seen from more regions. */
  public Finding seenFrom(List<String> more) {
    List<String> all = new ArrayList<>(regions);
    all.addAll(more);
    return new Finding(layer, cause, severity, summary, path, all);
  }

  /** Whether two findings are about the same thing (same layer, cause and path). */
  public boolean sameAs(Finding other) {
    return layer == other.layer && cause == other.cause && path.equals(other.path);
  }
}
