package dev.probefleet.incident;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.RoundSlot;
import java.util.Objects;

/**
 * One round slot's verdict as the incident window keeps it.
 *
 * @param slot the round slot
 * @param signature what its verdict said
 */
public record RoundSummary(RoundSlot slot, Signature signature) {
  public RoundSummary {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(signature, "signature");
  }

  public static RoundSummary of(RoundSlot slot, Verdict verdict) {
    return new RoundSummary(slot, Signature.of(verdict));
  }

  public boolean healthy() {
    return signature.healthy();
  }
}
