package dev.probefleet.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One region's round of one target: what the probe function writes and the analyzer correlates.
 *
 * @param target target name
 * @param slot the schedule slot
 * @param region the region that probed (e.g. {@code us-east-1}, or {@code local})
 * @param startedAt when the round's probes started (wall clock, for display only)
 * @param observations every path probed from this region, cdn, lb, then origins in order
 * @param confirmations the fast confirmation: each path that failed in {@code observations}, probed
 *     once more within the same invocation after a short back-off (DESIGN decision "fast
 *     confirmation"); empty when nothing failed or there was no time left
 * @param unprobed paths this region should have probed and did not, for the prober's own reasons
 *     (deadline, secret unavailable): a round with any is incomplete and is never read as healthy
 */
public record RoundRecord(
    String target,
    RoundSlot slot,
    String region,
    Instant startedAt,
    List<PathObservation> observations,
    List<PathObservation> confirmations,
    List<UnprobedPath> unprobed) {

  public RoundRecord {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(startedAt, "startedAt");
    observations = List.copyOf(observations);
    confirmations = List.copyOf(confirmations);
    unprobed = List.copyOf(unprobed);
  }

  /** A complete round without confirmations. */
  public RoundRecord(
      String target,
      RoundSlot slot,
      String region,
      Instant startedAt,
      List<PathObservation> observations) {
    this(target, slot, region, startedAt, observations, List.of(), List.of());
  }

  /** The observations of one kind of path (several for origins). */
  public List<PathObservation> of(PathKind kind) {
    return observations.stream().filter(o -> o.path() == kind).toList();
  }

  /** Whether every path the region should probe was probed. */
  public boolean complete() {
    return unprobed.isEmpty();
  }

  /** The confirmation of a path, if it was re-probed. */
  public Optional<PathObservation> confirmation(String label) {
    return confirmations.stream().filter(o -> o.label().equals(label)).findFirst();
  }

  /** The same round with the confirmations of its failing paths. */
  public RoundRecord withConfirmations(List<PathObservation> value) {
    return new RoundRecord(target, slot, region, startedAt, observations, value, unprobed);
  }

  /** The same round with paths it could not probe. */
  public RoundRecord withUnprobed(List<UnprobedPath> value) {
    return new RoundRecord(target, slot, region, startedAt, observations, confirmations, value);
  }

  /**
   * The round as its confirmation saw it: each re-probed path's observation replaced by its
   * confirmation, the others as they were. The analyzer attributes it to tell a confirmed failure
   * from a blip.
   */
  public RoundRecord confirmed() {
    List<PathObservation> merged =
        observations.stream().map(o -> confirmation(o.label()).orElse(o)).toList();
    return new RoundRecord(target, slot, region, startedAt, merged, List.of(), unprobed);
  }
}
