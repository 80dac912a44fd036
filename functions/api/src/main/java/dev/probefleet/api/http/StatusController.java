package dev.probefleet.api.http;

import dev.probefleet.api.model.Problem;
import dev.probefleet.api.model.StatusDocument;
import dev.probefleet.api.model.TargetView;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** {@code GET /v1/status}: every target's verdict, open incident and last rounds. */
@Controller("/v1/status")
@Tag(name = "status", description = "The fleet as the analyzer last saw it")
public final class StatusController {
  private static final List<String> PARAMETERS = List.of("limit", PageRequest.TOKEN_PARAMETER);

  private final StatusPages pages;
  private final Invocation invocation;

  StatusController(StatusPages pages, Invocation invocation) {
    this.pages = pages;
    this.invocation = invocation;
  }

  /**
   * Parameters are bound as text: their parsers, not Micronaut's conversions, say what is wrong
   * with them, in the same words on every host.
   */
  @Get
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "status",
      summary = "The status of every target",
      description =
          "Per target of the registry, by name: the verdict of the newest slot analysed (layer,"
              + " cause, severity, summary, scope, regions), the slot it is for, the regions that"
              + " did not report it, the open incident, and each region's last round with every"
              + " path's class, status and total time. A target never analysed has \"verdict\":"
              + " null. Paginated over the registry: follow next until it is null.")
  @ApiResponse(responseCode = "200", description = "One page of targets")
  @ApiResponse(
      responseCode = "400",
      description =
          "A bad parameter: unknown, given twice, a bad value, a limit out of range, a token not"
              + " issued for this query; parameter names it",
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
  public StatusDocument status(
      @QueryValue
          @Nullable
          @Parameter(
              description = "Targets per page, 1 to 1000",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "50"))
          String limit,
      @QueryValue
          @Nullable
          @Parameter(description = "The continuation token of the previous page, as it was given")
          String next,
      HttpRequest<?> request) {
    QueryParameters.check(request.getParameters(), PARAMETERS);
    PageRequest page = PageRequest.fromParameters(limit, next);
    Page<StatusPages.Entry> targets = pages.page(page, invocation.deadline());
    return new StatusDocument(
        targets.items().stream().map(e -> TargetView.of(e.name(), e.status())).toList(),
        targets.continuation().orElse(null));
  }
}
