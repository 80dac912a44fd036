package dev.probefleet.store;

import dev.probefleet.attribution.Scope;
import dev.probefleet.incident.OpenIncident;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A target as {@code GET /v1/status} shows it: the verdict of the newest slot analysed, the open
 * incident, and each region's last round. Written by the analyzer with the target's state, so it
 * costs no write of its own.
 *
 * @param target the target
 * @param slot the newest slot analysed
 * @param layer that slot's verdict: layer
 * @param cause … cause
 * @param severity … severity
 * @param scope … regional scope
 * @param affectedRegions … the regions it affects
 * @param summary … the one-sentence summary
 * @param missingRegions regions expected to report the slot that did not (no data, never healthy)
 * @param open the open incident, if any
 * @param regions each region's last round seen, by region
 * @param analysedAt when the analyzer wrote this (its wall clock)
 */
public record TargetStatus(
    String target,
    RoundSlot slot,
    Layer layer,
    Cause cause,
    Severity severity,
    Scope scope,
    List<String> affectedRegions,
    String summary,
    List<String> missingRegions,
    Optional<OpenIncident> open,
    Map<String, RegionStatus> regions,
    Instant analysedAt) {

  public TargetStatus {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(scope, "scope");
    affectedRegions = List.copyOf(affectedRegions);
    Objects.requireNonNull(summary, "summary");
    missingRegions = missingRegions.stream().distinct().sorted().toList();
    Objects.requireNonNull(open, "open");
    regions = Collections.unmodifiableMap(new TreeMap<>(regions));
    Objects.requireNonNull(analysedAt, "analysedAt");
  }

  /**
   * One region's last round of the target.
   *
   * @param slot its slot
   * @param complete whether every path the region should probe was probed
   * @param paths each path's outcome, cdn, lb, then origins
   */
  public record RegionStatus(RoundSlot slot, boolean complete, List<PathStatus> paths) {
    public RegionStatus {
      Objects.requireNonNull(slot, "slot");
      paths = List.copyOf(paths);
    }
  }

  /**
   * One path's outcome in a region's last round.
   *
   * @param label {@code cdn}, {@code lb}, {@code origin[0]}
   * @param failureClass its class
   * @param status the HTTP status, if a status line came
   * @param totalMs the whole probe's duration in milliseconds, if measured
   */
  public record PathStatus(
      String label, FailureClass failureClass, Optional<Integer> status, Optional<Double> totalMs) {
    public PathStatus {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(failureClass, "failureClass");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(totalMs, "totalMs");
    }
  }
}
