package dev.probefleet.incident;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.RoundSlot;
import java.util.List;
import java.util.Objects;

/**
 * One round slot's verdict as the incident window keeps it.
 *
 * @param slot the round slot
 * @param signature what its verdict said
 * @param samples the failing samples the slot counts for towards {@link IncidentPolicy#k()}: 2 when
 *     the failure was seen again by the fast confirmation (a second probe of the failing paths
 *     within the same invocation), else 1. A healthy slot ignores it
 * @param reported the regions whose rounds the verdict was drawn from, sorted: a later analysis of
 *     the same slot with more regions (a region whose round arrived late) revises it
 */
public record RoundSummary(
    RoundSlot slot, Signature signature, int samples, List<String> reported) {
  public RoundSummary {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(signature, "signature");
    if (samples < 1 || samples > 2) {
      throw new IllegalArgumentException("a slot counts for 1 or 2 samples, not " + samples);
    }
    reported = reported.stream().distinct().sorted().toList();
  }

  /** A slot of one sample whose reporting regions are not tracked. */
  public RoundSummary(RoundSlot slot, Signature signature) {
    this(slot, signature, 1, List.of());
  }

  public static RoundSummary of(RoundSlot slot, Verdict verdict) {
    return new RoundSummary(slot, Signature.of(verdict));
  }

  /**
   * A slot's verdict, confirmed or not by the fast confirmation, drawn from these regions.
   *
   * @param confirmed whether the confirmation probes failed at the same layer
   */
  public static RoundSummary of(
      RoundSlot slot, Verdict verdict, boolean confirmed, List<String> reported) {
    Signature signature = Signature.of(verdict);
    return new RoundSummary(slot, signature, confirmed && !signature.healthy() ? 2 : 1, reported);
  }

  public boolean healthy() {
    return signature.healthy();
  }
}
