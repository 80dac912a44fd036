package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.store.IncidentSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An incident as it is now. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "id",
  "target",
  "state",
  "layer",
  "cause",
  "severity",
  "scope",
  "regions",
  "opened_at",
  "last_transition_at",
  "resolved_at",
  "transitions",
  "summary",
  "updated_at"
})
@Schema(description = "An incident as it is now.")
public record IncidentView(
    @Schema(description = "Its id, a ULID: ids sort by the time the incident opened") String id,
    @Schema(description = "The target") String target,
    @Schema(description = "open or resolved") String state,
    @Schema(description = "Its current layer (for a resolved one: what it was while open)")
        String layer,
    @Schema(description = "Its current cause") String cause,
    @Schema(description = "Its current severity") String severity,
    @Schema(description = "all-regions or regional") String scope,
    @Schema(description = "The regions it is seen from") List<String> regions,
    @JsonProperty("opened_at") @Schema(description = "The slot it opened at") String openedAt,
    @JsonProperty("last_transition_at") @Schema(description = "The slot of its latest transition")
        String lastTransitionAt,
    @JsonProperty("resolved_at")
        @Schema(description = "The slot it resolved at; null while open", nullable = true)
        String resolvedAt,
    @Schema(description = "Transitions so far (1 after opening)") int transitions,
    @Schema(description = "The summary of its latest transition's verdict") String summary,
    @JsonProperty("updated_at") @Schema(description = "When it last changed") String updatedAt) {

  public static IncidentView of(IncidentSummary incident) {
    return new IncidentView(
        incident.id(),
        incident.target(),
        incident.status().key(),
        incident.signature().layer().name(),
        incident.signature().cause().name(),
        incident.signature().severity().name(),
        incident.signature().scope().key(),
        incident.signature().regions(),
        incident.openedAt().id(),
        incident.lastTransitionAt().id(),
        incident.resolvedAt().map(RoundSlot::id).orElse(null),
        incident.transitions(),
        incident.summary(),
        incident.updatedAt().toString());
  }
}
