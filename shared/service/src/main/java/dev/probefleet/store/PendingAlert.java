package dev.probefleet.store;

import dev.probefleet.notify.AlertMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert in the outbox, written with its transition and not yet published.
 *
 * @param incidentId its incident
 * @param number its transition's number
 * @param message the rendered alert
 * @param createdAt when its transition was recorded
 */
public record PendingAlert(String incidentId, int number, AlertMessage message, Instant createdAt) {
  public PendingAlert {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public String alertId() {
    return message.alertId();
  }
}
