package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.store.TargetStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A target in {@code GET /v1/status}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "name",
  "verdict",
  "slot",
  "analysed_at",
  "missing_regions",
  "open_incident",
  "regions"
})
@Schema(description = "A target as the analyzer last saw it.")
public record TargetView(
    @Schema(description = "The target's name") String name,
    @Schema(
            description =
                "The verdict of the newest slot analysed; null for a target never analysed",
            nullable = true)
        Verdict verdict,
    @Schema(description = "The slot the verdict is for", nullable = true) String slot,
    @JsonProperty("analysed_at")
        @Schema(description = "When the analyzer wrote it", nullable = true)
        String analysedAt,
    @JsonProperty("missing_regions")
        @Schema(
            description =
                "Regions expected to report that slot that did not: no data, never healthy")
        List<String> missingRegions,
    @JsonProperty("open_incident")
        @Schema(description = "The incident open for the target, if any", nullable = true)
        OpenIncidentView openIncident,
    @Schema(description = "Each region's last round, by region") Map<String, RegionRound> regions) {

  /** A target with its status, or never analysed. */
  public static TargetView of(String name, Optional<TargetStatus> status) {
    if (status.isEmpty()) {
      return new TargetView(name, null, null, null, List.of(), null, Map.of());
    }
    TargetStatus s = status.get();
    Map<String, RegionRound> regions = new LinkedHashMap<>();
    s.regions().forEach((region, round) -> regions.put(region, RegionRound.of(round)));
    return new TargetView(
        name,
        Verdict.of(s),
        s.slot().id(),
        s.analysedAt().toString(),
        s.missingRegions(),
        s.open().map(OpenIncidentView::of).orElse(null),
        regions);
  }
}
