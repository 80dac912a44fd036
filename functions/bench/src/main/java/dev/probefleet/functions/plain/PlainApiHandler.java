package dev.probefleet.functions.plain;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.model.Target;
import dev.probefleet.store.CachedTargets;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.StatusStore;
import dev.probefleet.store.TargetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/status} without a framework (handler {@code
 * dev.probefleet.functions.plain.PlainApiHandler}): the baseline {@code make bench-functions}
 * measures the Micronaut query API's cold start against. The same reads (the cached registry, the
 * statuses of one page in one batch), the same document (Jackson, the query API's keys), from an
 * API Gateway HTTP API event (payload 2.0). Only this route and its {@code limit}; not deployed.
 */
public final class PlainApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_LIMIT = 50;

  private final PlainFleet fleet;
  private final CachedTargets registry;
  private final StatusStore statuses;
  private final ContinuationTokens tokens;

  /** The constructor Lambda calls. */
  public PlainApiHandler() {
    this(new PlainFleet(PlainEnvironment.of(System.getenv())));
  }

  PlainApiHandler(PlainFleet fleet) {
    this.fleet = fleet;
    this.registry = fleet.targets();
    this.statuses = fleet.statuses();
    this.tokens = fleet.tokens();
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String method =
        event.getRequestContext() == null || event.getRequestContext().getHttp() == null
            ? null
            : event.getRequestContext().getHttp().getMethod();
    if (!"GET".equals(method) || !"/v1/status".equals(event.getRawPath())) {
      return problem(404, "not-found", "no route " + method + " " + event.getRawPath(), null);
    }
    int limit = DEFAULT_LIMIT;
    Map<String, String> query = event.getQueryStringParameters();
    if (query != null && query.containsKey("limit")) {
      try {
        limit = Integer.parseInt(query.get("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 1000) {
        return problem(400, "invalid-parameter", "limit must be 1 to 1000", "limit");
      }
    }
    Instant deadline =
        fleet
            .clock()
            .instant()
            .plusMillis(context.getRemainingTimeInMillis())
            .minus(fleet.environment().deadlineMargin());
    List<String> names = registry.all(deadline).stream().map(Target::name).sorted().toList();
    List<String> page = names.subList(0, Math.min(limit, names.size()));
    Map<String, TargetStatus> found = page.isEmpty() ? Map.of() : statuses.statuses(page, deadline);
    List<Map<String, Object>> targets = new ArrayList<>();
    for (String name : page) {
      targets.add(target(name, found.get(name)));
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schemaVersion", 1);
    document.put("targets", targets);
    document.put(
        "next",
        page.size() < names.size()
            ? tokens.encode("status", Map.of("target", page.get(page.size() - 1)))
            : null);
    return response(200, "application/json", document);
  }

  private static Map<String, Object> target(String name, TargetStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    if (s == null) {
      out.put("verdict", null);
      out.put("slot", null);
      out.put("analysed_at", null);
      out.put("missing_regions", List.of());
      out.put("open_incident", null);
      out.put("regions", Map.of());
      return out;
    }
    Map<String, Object> verdict = new LinkedHashMap<>();
    verdict.put("layer", s.layer().name());
    verdict.put("cause", s.cause().name());
    verdict.put("severity", s.severity().name());
    verdict.put("summary", s.summary());
    verdict.put("scope", s.scope().key());
    verdict.put("regions", s.affectedRegions());
    out.put("verdict", verdict);
    out.put("slot", s.slot().id());
    out.put("analysed_at", s.analysedAt().toString());
    out.put("missing_regions", s.missingRegions());
    out.put(
        "open_incident",
        s.open()
            .map(
                o -> {
                  Map<String, Object> open = new LinkedHashMap<>();
                  open.put("id", o.id());
                  open.put("opened_at", o.openedAt().id());
                  open.put("layer", o.signature().layer().name());
                  open.put("cause", o.signature().cause().name());
                  open.put("severity", o.signature().severity().name());
                  return open;
                })
            .orElse(null));
    Map<String, Object> regions = new LinkedHashMap<>();
    s.regions()
        .forEach(
            (region, round) -> {
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("slot", round.slot().id());
              r.put("complete", round.complete());
              List<Map<String, Object>> paths = new ArrayList<>();
              for (TargetStatus.PathStatus p : round.paths()) {
                Map<String, Object> path = new LinkedHashMap<>();
                path.put("label", p.label());
                path.put("class", p.failureClass().name());
                path.put("status", p.status().orElse(null));
                path.put("total_ms", p.totalMs().orElse(null));
                paths.add(path);
              }
              r.put("paths", paths);
              regions.put(region, r);
            });
    out.put("regions", regions);
    return out;
  }

  private static APIGatewayV2HTTPResponse problem(
      int status, String type, String detail, String parameter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:probefleet:problem:" + type);
    body.put("title", type);
    body.put("status", status);
    body.put("detail", detail);
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    return response(status, "application/problem+json", body);
  }

  private static APIGatewayV2HTTPResponse response(
      int status, String contentType, Map<String, Object> body) {
    try {
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(status)
          .withHeaders(Map.of("Content-Type", contentType))
          .withBody(JSON.writeValueAsString(body))
          .withIsBase64Encoded(false)
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the status document could not be written", e);
    }
  }
}
