package dev.probefleet.store;

import dev.probefleet.notify.AlertMessage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert as kept with its incident, and whether it went out.
 *
 * @param message the rendered alert
 * @param pending true while it waits in the outbox
 * @param createdAt when it was written with its transition
 * @param publishedAt when its publication was confirmed
 * @param messageId the transport's message id of that publication
 */
public record AlertRecord(
    AlertMessage message,
    boolean pending,
    Instant createdAt,
    Optional<Instant> publishedAt,
    Optional<String> messageId) {
  public AlertRecord {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(publishedAt, "publishedAt");
    Objects.requireNonNull(messageId, "messageId");
  }

  public String alertId() {
    return message.alertId();
  }
}
