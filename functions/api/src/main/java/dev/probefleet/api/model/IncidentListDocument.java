package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.Page;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer of {@code GET /v1/incidents}: one page, newest first. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schemaVersion", "incidents", "next"})
@Schema(description = "One page of incidents, newest first.")
public record IncidentListDocument(
    @Schema(description = "1; keys may be added, never renamed") int schemaVersion,
    @Schema(
            description =
                "The incidents of this page, newest first. A page examines at most limit incidents:"
                    + " with a filter it may hold fewer, or none, and still be followed by more")
        List<IncidentView> incidents,
    @Schema(
            description =
                "The continuation token of the next page (pass it as next= with the same"
                    + " parameters); null on the last page",
            nullable = true)
        String next) {

  public static IncidentListDocument of(Page<IncidentSummary> page) {
    return new IncidentListDocument(
        Documents.SCHEMA_VERSION,
        page.items().stream().map(IncidentView::of).toList(),
        page.continuation().orElse(null));
  }
}
