package dev.probefleet.store;

import dev.probefleet.incident.Signature;
import dev.probefleet.model.RoundSlot;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An incident as listed: what it is now.
 *
 * @param id its id (a ULID: sorts by the time it opened)
 * @param target the target
 * @param status open or resolved
 * @param signature its current layer, cause, severity and regional spread (for a resolved one: what
 *     it was while open)
 * @param openedAt the slot it opened at
 * @param lastTransitionAt the slot of its latest transition
 * @param resolvedAt the slot it resolved at, once resolved
 * @param transitions transitions so far (1 after opening)
 * @param summary the summary sentence of its latest transition's verdict
 * @param updatedAt when it last changed (wall clock of the analyzer)
 */
public record IncidentSummary(
    String id,
    String target,
    IncidentStatus status,
    Signature signature,
    RoundSlot openedAt,
    RoundSlot lastTransitionAt,
    Optional<RoundSlot> resolvedAt,
    int transitions,
    String summary,
    Instant updatedAt) {
  public IncidentSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(lastTransitionAt, "lastTransitionAt");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
