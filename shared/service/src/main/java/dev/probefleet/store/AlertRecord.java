package dev.probefleet.store;

import dev.probefleet.notify.AlertMessage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert as kept with its incident, and what became of it.
 *
 * @param message the rendered alert
 * @param pending true while it waits in the outbox
 * @param createdAt when it was written with its transition
 * @param publishedAt when its publication was confirmed
 * @param messageId the transport's message id of that publication
 * @param attempts publications tried and failed
 * @param lastError why the last failed attempt failed
 * @param deadLetter why the outbox gave it up, once it did
 */
public record AlertRecord(
    AlertMessage message,
    boolean pending,
    Instant createdAt,
    Optional<Instant> publishedAt,
    Optional<String> messageId,
    int attempts,
    Optional<String> lastError,
    Optional<String> deadLetter) {
  public AlertRecord {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(publishedAt, "publishedAt");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(deadLetter, "deadLetter");
  }

  public String alertId() {
    return message.alertId();
  }
}
