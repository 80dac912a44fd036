package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.store.AlertRecord;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A transition's alert and what became of it in the outbox. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "alert_id",
  "pending",
  "created_at",
  "published_at",
  "message_id",
  "attempts",
  "last_error",
  "dead_letter"
})
@Schema(description = "A transition's alert and what became of it.")
public record AlertView(
    @JsonProperty("alert_id")
        @Schema(description = "Incident id and transition number: subscribers de-duplicate on it")
        String alertId,
    @Schema(description = "True while it waits in the outbox") boolean pending,
    @JsonProperty("created_at") @Schema(description = "When it was written") String createdAt,
    @JsonProperty("published_at")
        @Schema(description = "When its publication was confirmed", nullable = true)
        String publishedAt,
    @JsonProperty("message_id")
        @Schema(description = "The SNS message id of that publication", nullable = true)
        String messageId,
    @Schema(description = "Publications tried and failed") int attempts,
    @JsonProperty("last_error")
        @Schema(description = "Why the last failed attempt failed", nullable = true)
        String lastError,
    @JsonProperty("dead_letter")
        @Schema(description = "Why the outbox gave it up, once it did", nullable = true)
        String deadLetter) {

  static AlertView of(AlertRecord alert) {
    return new AlertView(
        alert.alertId(),
        alert.pending(),
        alert.createdAt().toString(),
        alert.publishedAt().map(Instant::toString).orElse(null),
        alert.messageId().orElse(null),
        alert.attempts(),
        alert.lastError().orElse(null),
        alert.deadLetter().orElse(null));
  }
}
