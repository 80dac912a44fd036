package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.store.TargetStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A target's verdict for the newest slot analysed. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"layer", "cause", "severity", "summary", "scope", "regions"})
@Schema(description = "The verdict of the newest slot analysed.")
public record Verdict(
    @Schema(
            description = "Where the failure arises",
            type = "string",
            allowableValues = {
              "CDN",
              "LOAD_BALANCER",
              "ORIGIN",
              "NETWORK",
              "DNS",
              "NONE",
              "INCONCLUSIVE"
            })
        String layer,
    @Schema(description = "Why (a failure class or an upstream cause), NONE when healthy")
        String cause,
    @Schema(description = "PAGE, WARN or INFO") String severity,
    @Schema(description = "One sentence a person can act on") String summary,
    @Schema(description = "all-regions, regional or none") String scope,
    @Schema(description = "The regions the fault is seen from") List<String> regions) {

  static Verdict of(TargetStatus status) {
    return new Verdict(
        status.layer().name(),
        status.cause().name(),
        status.severity().name(),
        status.summary(),
        status.scope().key(),
        status.affectedRegions());
  }
}
