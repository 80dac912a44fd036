package dev.probefleet.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.probefleet.trend.LayerLatency;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer of {@code GET /v1/targets/{name}/history}: the target's recent rounds as layers. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schemaVersion", "target", "points"})
@Schema(description = "A target's recent rounds: each layer's added latency and the failures.")
public record TargetHistoryDocument(
    @Schema(description = "1; keys may be added, never renamed") int schemaVersion,
    @Schema(description = "The target") String target,
    @Schema(description = "One point per slot and region, oldest first") List<Point> points) {

  public static TargetHistoryDocument of(String target, List<LayerLatency> series) {
    return new TargetHistoryDocument(
        Documents.SCHEMA_VERSION, target, series.stream().map(Point::of).toList());
  }

  /** One region's round. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({
    "slot",
    "region",
    "cdn_added_ms",
    "lb_added_ms",
    "origin_ms",
    "cdn_ms",
    "lb_ms",
    "failing"
  })
  @Schema(description = "One region's round of the target.")
  public record Point(
      @Schema(description = "The round's slot") String slot,
      @Schema(description = "The region that probed") String region,
      @JsonProperty("cdn_added_ms")
          @Schema(
              description =
                  "What the CDN adds: the CDN path's duration less the LB path's; null unless both"
                      + " answered. May be slightly negative: two probes, two samples of jitter",
              nullable = true)
          Double cdnAddedMs,
      @JsonProperty("lb_added_ms")
          @Schema(
              description =
                  "What the load balancer adds: the LB path's duration less the origins' median;"
                      + " null unless both answered",
              nullable = true)
          Double lbAddedMs,
      @JsonProperty("origin_ms")
          @Schema(description = "The median duration of the origins that answered", nullable = true)
          Double originMs,
      @JsonProperty("cdn_ms")
          @Schema(description = "The CDN path's duration, when it answered", nullable = true)
          Double cdnMs,
      @JsonProperty("lb_ms")
          @Schema(description = "The LB path's duration, when it answered", nullable = true)
          Double lbMs,
      @Schema(description = "The paths that failed: cdn, lb, origin[0] …") List<String> failing) {

    static Point of(LayerLatency l) {
      return new Point(
          l.slot().id(),
          l.region(),
          l.cdnAddedMs().orElse(null),
          l.lbAddedMs().orElse(null),
          l.originMs().orElse(null),
          l.cdnMs().orElse(null),
          l.lbMs().orElse(null),
          l.failing());
    }
  }
}
