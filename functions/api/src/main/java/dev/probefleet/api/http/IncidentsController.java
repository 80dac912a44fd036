package dev.probefleet.api.http;

import dev.probefleet.api.model.IncidentDocument;
import dev.probefleet.api.model.IncidentListDocument;
import dev.probefleet.api.model.Problem;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.PageRequest;
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
import java.time.Clock;
import java.util.List;

/** {@code GET /v1/incidents} and {@code GET /v1/incidents/{id}}: the incident history. */
@Controller("/v1/incidents")
@Tag(name = "incidents", description = "The incident history and each incident's evidence")
public final class IncidentsController {
  private final IncidentHistory history;
  private final Invocation invocation;
  private final Clock clock;

  IncidentsController(IncidentHistory history, Invocation invocation, Clock clock) {
    this.history = history;
    this.invocation = invocation;
    this.clock = clock;
  }

  /**
   * Parameters are bound as text: their parsers ({@link IncidentQuery#fromParameters}, {@link
   * PageRequest#fromParameters}), not Micronaut's conversions, say what is wrong with them.
   */
  @Get
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "incidents",
      summary = "Incidents, newest first",
      description =
          "The incidents of a target, of a layer, or the open ones (at least one of target, layer"
              + " or state=open), narrowed by the others and by when they opened. Paginated: a page"
              + " examines at most limit incidents, so a filtered page may hold fewer (or none) and"
              + " still have a next token; follow next until it is null.")
  @ApiResponse(responseCode = "200", description = "One page of incidents")
  @ApiResponse(
      responseCode = "400",
      description =
          "A bad parameter: unknown, given twice, a bad value, a limit out of range, a token of"
              + " another query or one not issued by this service; parameter names it",
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
  public IncidentListDocument incidents(
      @QueryValue @Nullable @Parameter(description = "Only this target's incidents") String target,
      @QueryValue
          @Nullable
          @Parameter(
              description = "Only incidents whose current layer is this one (any case)",
              schema =
                  @Schema(
                      type = "string",
                      allowableValues = {
                        "CDN",
                        "LOAD_BALANCER",
                        "ORIGIN",
                        "NETWORK",
                        "DNS",
                        "NONE",
                        "INCONCLUSIVE"
                      }))
          String layer,
      @QueryValue
          @Nullable
          @Parameter(
              description = "Only open, or only resolved, incidents",
              schema =
                  @Schema(
                      type = "string",
                      allowableValues = {"open", "resolved"}))
          String state,
      @QueryValue
          @Nullable
          @Parameter(
              description =
                  "Only incidents opened at or after this time: an ISO-8601 instant"
                      + " (2026-11-24T09:00:00Z; with an offset, its + written %2B) or a time ago"
                      + " (30m, 24h, 7d)",
              example = "24h")
          String since,
      @QueryValue
          @Nullable
          @Parameter(
              description = "Only incidents opened before this time; the same forms as since",
              example = "2026-11-24T09:00:00Z")
          String until,
      @QueryValue
          @Nullable
          @Parameter(
              description = "Incidents examined per page, 1 to 1000",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "50"))
          String limit,
      @QueryValue
          @Nullable
          @Parameter(
              description =
                  "The continuation token of the previous page, with the same other parameters")
          String next,
      HttpRequest<?> request) {
    QueryParameters.check(request.getParameters(), IncidentQuery.PARAMETERS);
    IncidentQuery query =
        IncidentQuery.fromParameters(
            QueryParameters.of(
                "target", target,
                "layer", layer,
                "state", state,
                "since", since,
                "until", until),
            clock);
    PageRequest page = PageRequest.fromParameters(limit, next);
    return IncidentListDocument.of(history.find(query, page, invocation.deadline()));
  }

  @Get("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "incident",
      summary = "One incident with its evidence timeline",
      description =
          "The incident as it is now; each transition (OPENED, UPDATED, RESOLVED) with the"
              + " verdict and per-path evidence it rests on and what became of its alert; and the"
              + " runbook of its current layer and cause.")
  @ApiResponse(responseCode = "200", description = "The incident")
  @ApiResponse(
      responseCode = "400",
      description =
          "A query parameter was given (this endpoint takes none), or the id is not a ULID;"
              + " parameter names it",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No incident has this id",
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
  public IncidentDocument incident(
      @PathVariable @Parameter(description = "The incident's id (a ULID, as listed)") String id,
      HttpRequest<?> request) {
    QueryParameters.check(request.getParameters(), List.of());
    return history
        .incident(PathParameters.incidentId(id), invocation.deadline())
        .map(IncidentDocument::of)
        .orElseThrow(() -> new NoSuchIncidentException(id));
  }
}
