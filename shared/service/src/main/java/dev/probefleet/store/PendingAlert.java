package dev.probefleet.store;

import dev.probefleet.notify.AlertMessage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert in the outbox, written with its transition and not yet published.
 *
 * @param incidentId its incident
 * @param number its transition's number
 * @param message the rendered alert
 * @param createdAt when its transition was recorded
 * @param attempts publications tried and failed so far
 * @param lastError why the last attempt failed
 * @param nextAttemptAt when it is due again: its creation for a new alert, later after each failure
 */
public record PendingAlert(
    String incidentId,
    int number,
    AlertMessage message,
    Instant createdAt,
    int attempts,
    Optional<String> lastError,
    Instant nextAttemptAt) {
  public PendingAlert {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
  }

  /** An alert never tried, due at once. */
  public static PendingAlert fresh(
      String incidentId, int number, AlertMessage message, Instant createdAt) {
    return new PendingAlert(incidentId, number, message, createdAt, 0, Optional.empty(), createdAt);
  }

  public String alertId() {
    return message.alertId();
  }
}
