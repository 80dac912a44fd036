package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.probefleet.store.TimelineEntry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;

/** One transition of an incident, with the evidence it rests on and its alert. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "kind",
  "number",
  "slot",
  "signature",
  "previous",
  "summary",
  "evidence",
  "recorded_at",
  "alert"
})
@Schema(description = "One transition with its evidence and alert.")
public record TimelineView(
    @Schema(description = "OPENED, UPDATED or RESOLVED") String kind,
    @Schema(description = "1 for OPENED, then 2, 3 …") int number,
    @Schema(description = "The slot it happened at") String slot,
    @Schema(description = "The incident after the transition") SignatureView signature,
    @Schema(description = "For UPDATED, the incident before", nullable = true)
        SignatureView previous,
    @Schema(description = "The summary of the verdict that caused it") String summary,
    @Schema(
            description =
                "The verdict and its per-path evidence, as the analyzer recorded it (a JSON"
                    + " document)",
            implementation = Object.class)
        JsonNode evidence,
    @JsonProperty("recorded_at") @Schema(description = "When it was recorded") String recordedAt,
    @Schema(description = "Its alert; null only if the store lost it", nullable = true)
        AlertView alert) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static TimelineView of(TimelineEntry entry) {
    return new TimelineView(
        entry.transition().kind().name(),
        entry.transition().number(),
        entry.transition().slot().id(),
        SignatureView.of(entry.transition().signature()),
        entry.transition().previous().map(SignatureView::of).orElse(null),
        entry.summary(),
        evidence(entry.evidence()),
        entry.recordedAt().toString(),
        entry.alert().map(AlertView::of).orElse(null));
  }

  /**
   * The evidence as a JSON document; should a stored document not parse, its text, rather than an
   * answer that fails as a whole over one damaged transition.
   */
  private static JsonNode evidence(String document) {
    try {
      JsonNode node = JSON.readTree(document);
      return node == null ? TextNode.valueOf(document) : node;
    } catch (IOException e) {
      return TextNode.valueOf(document);
    }
  }
}
