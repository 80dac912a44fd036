package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.incident.Signature;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What an incident is at a point of its life: layer, cause, severity and regional spread. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"layer", "cause", "severity", "scope", "regions"})
@Schema(description = "Layer, cause, severity and regional spread.")
public record SignatureView(
    @Schema(description = "Where the failure arises") String layer,
    @Schema(description = "Why") String cause,
    @Schema(description = "PAGE, WARN or INFO") String severity,
    @Schema(description = "all-regions, regional or none") String scope,
    @Schema(description = "The regions it is seen from") List<String> regions) {

  static SignatureView of(Signature signature) {
    return new SignatureView(
        signature.layer().name(),
        signature.cause().name(),
        signature.severity().name(),
        signature.scope().key(),
        signature.regions());
  }
}
