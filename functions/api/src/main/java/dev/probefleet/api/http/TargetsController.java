package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import dev.probefleet.api.model.TargetHistoryDocument;
import dev.probefleet.store.InvalidQueryException;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.trend.LayerLatency;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/targets/{name}/history}: a target's recent rounds, layer by layer. */
@Controller("/v1/targets")
@Tag(name = "targets", description = "One target's recent rounds")
public final class TargetsController {
  static final int DEFAULT_SLOTS = 60;
  static final int MAX_SLOTS = 1440;

  private final TargetRegistry registry;
  private final RoundStore rounds;
  private final Invocation invocation;

  TargetsController(TargetRegistry registry, RoundStore rounds, Invocation invocation) {
    this.registry = registry;
    this.rounds = rounds;
    this.invocation = invocation;
  }

  @Get("/{name}/history")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "targetHistory",
      summary = "A target's recent rounds as each layer's added latency and its failures",
      description =
          "The target's rounds of the last slots (every region), oldest first: what the CDN, the"
              + " load balancer and the origin each add to the response time (the CDN path's"
              + " duration less the LB path's, the LB path's less the origins' median, the origins'"
              + " median) and which paths failed. Rounds are kept as long as the rounds table's"
              + " time to live.")
  @ApiResponse(responseCode = "200", description = "The target's recent rounds")
  @ApiResponse(
      responseCode = "400",
      description =
          "A bad parameter: unknown, given twice, slots not a number from 1 to 1440, a name no"
              + " target can have; parameter names it",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No target has this name",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "500",
      description = "The service failed; the detail has a reference to its log",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public TargetHistoryDocument history(
      @PathVariable @Parameter(description = "The target's name") String name,
      @QueryValue
          @Nullable
          @Parameter(
              description = "How many of the latest slots, 1 to 1440",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "1440", defaultValue = "60"))
          String slots,
      HttpRequest<?> request) {
    QueryParameters.check(request.getParameters(), List.of("slots"));
    PathParameters.targetName(name);
    int count = slots(slots);
    Instant deadline = invocation.deadline();
    if (registry.all(deadline).stream().noneMatch(t -> t.name().equals(name))) {
      throw new NoSuchTargetException(name);
    }
    return TargetHistoryDocument.of(
        name, LayerLatency.series(rounds.latest(name, count, deadline)));
  }

  private static int slots(String value) {
    if (value == null) {
      return DEFAULT_SLOTS;
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidQueryException(
          "slots", "'" + PathParameters.shown(value) + "' is not a whole number");
    }
    if (n < 1 || n > MAX_SLOTS) {
      throw new InvalidQueryException("slots", "must be between 1 and " + MAX_SLOTS + ", got " + n);
    }
    return n;
  }
}
