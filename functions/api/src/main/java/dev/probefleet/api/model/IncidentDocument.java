package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.runbook.Runbook;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.IncidentTimeline;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer of {@code GET /v1/incidents/{id}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schemaVersion", "incident", "timeline", "runbook"})
@Schema(
    description = "An incident with its evidence timeline and the runbook of its layer and cause.")
public record IncidentDocument(
    @Schema(description = "1; keys may be added, never renamed") int schemaVersion,
    @Schema(description = "The incident as it is now") IncidentView incident,
    @Schema(description = "Its transitions, oldest first") List<TimelineView> timeline,
    @Schema(description = "The next diagnostic steps for its current layer and cause")
        List<RunbookStepView> runbook) {

  public static IncidentDocument of(IncidentTimeline timeline) {
    IncidentSummary incident = timeline.incident();
    return new IncidentDocument(
        Documents.SCHEMA_VERSION,
        IncidentView.of(incident),
        timeline.entries().stream().map(TimelineView::of).toList(),
        Runbook.stepsFor(incident.signature().layer(), incident.signature().cause()).stream()
            .map(RunbookStepView::of)
            .toList());
  }
}
