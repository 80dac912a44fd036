package dev.probefleet.attribution.internal;

import dev.probefleet.attribution.Evidence;
import java.util.List;

/**
 * What one region's round shows.
 *
 * @param region the region
 * @param primary the conclusion that competes for the verdict
 * @param findings further conclusions (instances kept out, a second fault further down)
 * @param evidence the region's paths
 */
public record RegionResult(
    String region, Assessment primary, List<Assessment> findings, Evidence evidence) {
  public RegionResult {
    findings = List.copyOf(findings);
  }
}
