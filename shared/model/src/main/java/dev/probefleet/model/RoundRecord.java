package dev.probefleet.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One region's round of one target: what the probe function writes and the analyzer correlates.
 *
 * @param target target name
 * @param slot the schedule slot
 * @param region the region that probed (e.g. {@code us-east-1}, or {@code local})
 * @param startedAt when the round's probes started (wall clock, for display only)
 * @param observations every path probed from this region, cdn, lb, then origins in order
 */
public record RoundRecord(
    String target,
    RoundSlot slot,
    String region,
    Instant startedAt,
    List<PathObservation> observations) {

  public RoundRecord {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(startedAt, "startedAt");
    observations = List.copyOf(observations);
  }

  /** The observations of one kind of path (several for origins). */
  public List<PathObservation> of(PathKind kind) {
    return observations.stream().filter(o -> o.path() == kind).toList();
  }
}
