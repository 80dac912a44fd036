package dev.probefleet.incident;

import dev.probefleet.model.RoundSlot;
import java.util.Objects;

/**
 * The incident currently open for a target.
 *
 * @param id its id
 * @param openedAt the slot it opened at (its id derives from it)
 * @param signature its current layer, cause, severity and spread
 * @param transitions transitions emitted so far (1 after opening)
 * @param lastTransitionAt the slot of the latest transition
 */
public record OpenIncident(
    String id,
    RoundSlot openedAt,
    Signature signature,
    int transitions,
    RoundSlot lastTransitionAt) {
  public OpenIncident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(lastTransitionAt, "lastTransitionAt");
  }
}
