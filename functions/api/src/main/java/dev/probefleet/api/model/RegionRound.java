package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.store.TargetStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One region's last round of a target. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"slot", "complete", "paths"})
@Schema(description = "One region's last round of the target.")
public record RegionRound(
    @Schema(description = "The round's slot") String slot,
    @Schema(description = "Whether every path the region should probe was probed") boolean complete,
    @Schema(description = "Each path's outcome: cdn, lb, then the origins")
        List<PathOutcome> paths) {

  static RegionRound of(TargetStatus.RegionStatus region) {
    return new RegionRound(
        region.slot().id(),
        region.complete(),
        region.paths().stream().map(PathOutcome::of).toList());
  }

  /** One path's outcome in a region's round. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({"label", "class", "status", "total_ms"})
  @Schema(description = "One path's outcome in the round.")
  public record PathOutcome(
      @Schema(description = "cdn, lb, origin[0] …") String label,
      @JsonProperty("class")
          @Schema(description = "Its failure class, OK when it answered as expected")
          String failureClass,
      @Schema(description = "The HTTP status, null when no status line came", nullable = true)
          Integer status,
      @JsonProperty("total_ms")
          @Schema(description = "The whole probe's duration in milliseconds", nullable = true)
          Double totalMs) {

    static PathOutcome of(TargetStatus.PathStatus path) {
      return new PathOutcome(
          path.label(),
          path.failureClass().name(),
          path.status().orElse(null),
          path.totalMs().orElse(null));
    }
  }
}
