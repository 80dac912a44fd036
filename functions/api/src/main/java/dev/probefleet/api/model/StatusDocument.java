package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer of {@code GET /v1/status}: one page of the registry's targets, by name. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schemaVersion", "targets", "next"})
@Schema(description = "One page of the fleet's targets, by name.")
public record StatusDocument(
    @Schema(description = "1; keys may be added, never renamed") int schemaVersion,
    @Schema(description = "The targets of this page, in registry order (by name)")
        List<TargetView> targets,
    @Schema(
            description =
                "The continuation token of the next page (pass it as next=); null on the last page",
            nullable = true)
        String next) {

  public StatusDocument(List<TargetView> targets, String next) {
    this(Documents.SCHEMA_VERSION, targets, next);
  }
}
