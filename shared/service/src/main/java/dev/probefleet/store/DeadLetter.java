package dev.probefleet.store;

import dev.probefleet.notify.AlertMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert the outbox gave up on: the transport refused it for good, or it stayed undeliverable for
 * too long. Kept with its incident, listed for operators, counted in a metric; never silently gone.
 *
 * @param incidentId its incident
 * @param number its transition's number
 * @param message the rendered alert
 * @param createdAt when its transition was recorded
 * @param attempts publications tried
 * @param reason why it was given up: the transport's refusal, or how long it stayed undeliverable
 * @param deadLetteredAt when it was given up
 */
public record DeadLetter(
    String incidentId,
    int number,
    AlertMessage message,
    Instant createdAt,
    int attempts,
    String reason,
    Instant deadLetteredAt) {
  public DeadLetter {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
  }

  public String alertId() {
    return message.alertId();
  }
}
