package dev.probefleet.attribution.internal;

import dev.probefleet.attribution.Finding;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import java.util.List;
import java.util.Optional;

/**
 * One conclusion drawn in one region: the verdict's candidate, or a further finding.
 *
 * @param layer where
 * @param cause why
 * @param severity how loud
 * @param summary the sentence
 * @param candidates for INCONCLUSIVE, the layers it may be at
 * @param rate failing share 0..1
 * @param path the path it is about, if one
 */
public record Assessment(
    Layer layer,
    Cause cause,
    Severity severity,
    String summary,
    List<Layer> candidates,
    double rate,
    Optional<String> path) {

  public Assessment {
    candidates = List.copyOf(candidates);
  }

  static Assessment of(
      Layer layer, Cause cause, Severity severity, String summary, double rate, String path) {
    return new Assessment(layer, cause, severity, summary, List.of(), rate, Optional.of(path));
  }

  /** As a finding seen from some regions; a finding never pages, so PAGE becomes WARN. */
  public Finding asFinding(List<String> regions) {
    Severity quieter = severity == Severity.PAGE ? Severity.WARN : severity;
    return new Finding(layer, cause, quieter, summary, path, regions);
  }
}
