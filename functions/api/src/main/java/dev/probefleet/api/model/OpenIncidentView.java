package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.incident.OpenIncident;
import io.swagger.v3.oas.annotations.media.Schema;

/** The incident open for a target, as the status shows it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "opened_at", "layer", "cause", "severity"})
@Schema(description = "The incident open for the target.")
public record OpenIncidentView(
    @Schema(description = "Its id; GET /v1/incidents/{id} has its timeline") String id,
    @JsonProperty("opened_at") @Schema(description = "The slot it opened at") String openedAt,
    @Schema(description = "Its current layer") String layer,
    @Schema(description = "Its current cause") String cause,
    @Schema(description = "Its current severity") String severity) {

  static OpenIncidentView of(OpenIncident open) {
    return new OpenIncidentView(
        open.id(),
        open.openedAt().id(),
        open.signature().layer().name(),
        open.signature().cause().name(),
        open.signature().severity().name());
  }
}
