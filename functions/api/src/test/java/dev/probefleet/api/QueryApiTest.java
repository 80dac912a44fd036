package dev.probefleet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.api.HttpApi.Answer;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.runbook.Runbook;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.HistoryWriter;
import dev.probefleet.store.contract.Rounds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The query API on the in-memory stores, seeded the way the fleet writes them: the analyzer's
 * status of a target with an open incident (real rounds, the real analyzer), incident histories
 * laid out with the store contract's {@link HistoryWriter}. Every answer is read over HTTP, as a
 * client reads it.
 */
class QueryApiTest {
  private static final String REGION = "us-east-1";
  private static final List<String> REGISTERED =
      List.of("alpha", "bravo", "charlie", "delta", "shop");

  private static HttpApi api;
  private static String shopIncident;
  private static List<String> webIncidents;
  private static String recentIncident;
  private static String olderIncident;

  @BeforeAll
  static void seed() {
    api =
        HttpApi.start(
            Map.of(
                "probefleet.alerts.console", "true",
                "probefleet.analyzer.expected-regions", REGION,
                "probefleet.api.token-key", "a test key that is at least 32 bytes long"));
    TargetRegistry registry = api.context().getBean(TargetRegistry.class);
    registry.apply(REGISTERED.stream().map(Rounds::target).toList(), false);

    // The shop's origin refuses connections in two slots: the analyzer opens an incident.
    RoundStore rounds = api.context().getBean(RoundStore.class);
    AnalyzerService analyzer = api.context().getBean(AnalyzerService.class);
    RoundSlot first = RoundSlot.containing(Instant.now().minusSeconds(600), Duration.ofMinutes(1));
    for (RoundSlot slot : List.of(first, first.next())) {
      rounds.write(
          List.of(Rounds.originRefusing("shop", slot, REGION)), Instant.now().plusSeconds(10));
      analyzer.analyze(slot, Instant.now().plusSeconds(30));
    }
    // alpha answers everywhere in the second slot: a point with every layer's share.
    rounds.write(
        List.of(Rounds.healthy("alpha", first.next(), REGION)), Instant.now().plusSeconds(10));
    // Registered after the analysis: never analysed.
    registry.apply(List.of(Rounds.target("zulu")), false);

    IncidentStore store = api.context().getBean(IncidentStore.class);
    shopIncident = store.statuses(List.of("shop")).get("shop").open().orElseThrow().id();
    HistoryWriter web = new HistoryWriter(store, "web");
    webIncidents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      webIncidents.add(
          web.incident(String.format("2026-03-10T09:%02d:00Z", 10 * i + 1), Layer.ORIGIN, true));
    }
    HistoryWriter recent = new HistoryWriter(store, "recent");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    olderIncident = recent.incident(now.minus(Duration.ofDays(3)).toString(), Layer.CDN, true);
    recentIncident = recent.incident(now.minus(Duration.ofHours(2)).toString(), Layer.CDN, false);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Answer ok(String path) {
    Answer answer = api.get(path);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json().path("schemaVersion").asInt()).isEqualTo(1);
    return answer;
  }

  private static JsonNode problem(String path, int status) {
    Answer answer = api.get(path);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode json = answer.json();
    assertThat(json.path("status").asInt()).isEqualTo(status);
    assertThat(json.has("type") && json.has("title") && json.has("detail") && json.has("parameter"))
        .as(json.toString())
        .isTrue();
    return json;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("incidents").forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }

  @Test
  void theStatusShowsTheOpenIncidentTheVerdictAndEachRegionsLastRound() {
    JsonNode targets = ok("/v1/status?limit=1000").json().path("targets");
    JsonNode shop = find(targets, "shop");
    assertThat(shop.path("verdict").path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(shop.path("verdict").path("cause").asText()).isEqualTo("CONNECTION_REFUSED");
    assertThat(shop.path("verdict").path("severity").asText()).isEqualTo("PAGE");
    assertThat(shop.path("verdict").path("scope").asText()).isEqualTo("all-regions");
    assertThat(shop.path("verdict").path("summary").asText()).isNotBlank();
    assertThat(shop.path("slot").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z");
    assertThat(shop.path("missing_regions")).isEmpty();
    JsonNode open = shop.path("open_incident");
    assertThat(open.path("id").asText()).isEqualTo(shopIncident);
    assertThat(open.path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(open.path("cause").asText()).isEqualTo("CONNECTION_REFUSED");
    assertThat(open.path("severity").asText()).isEqualTo("PAGE");
    assertThat(open.path("opened_at").asText()).isNotBlank();
    JsonNode round = shop.path("regions").path(REGION);
    assertThat(round.path("complete").asBoolean()).isTrue();
    assertThat(round.path("paths").findValuesAsText("label"))
        .containsExactly("cdn", "lb", "origin[0]");
    assertThat(round.path("paths").get(2).path("class").asText()).isEqualTo("CONNECTION_REFUSED");
    assertThat(round.path("paths").get(2).path("status").isNull()).isTrue();
    assertThat(round.path("paths").get(0).path("status").asInt()).isEqualTo(502);
    assertThat(round.path("paths").get(0).path("total_ms").isNumber()).isTrue();

    JsonNode zulu = find(targets, "zulu");
    assertThat(zulu.has("verdict")).isTrue();
    assertThat(zulu.path("verdict").isNull()).as("never analysed").isTrue();
    assertThat(zulu.path("open_incident").isNull()).isTrue();
    assertThat(zulu.path("regions")).isEmpty();
  }

  private static JsonNode find(JsonNode targets, String name) {
    for (JsonNode target : targets) {
      if (target.path("name").asText().equals(name)) {
        return target;
      }
    }
    throw new AssertionError(name + " is not in " + targets);
  }

  @Test
  void theStatusIsPagedOverTheRegistryByName() {
    List<String> names = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String path = "/v1/status?limit=2";
    while (true) {
      JsonNode page = ok(path).json();
      page.path("targets").forEach(t -> names.add(t.path("name").asText()));
      sizes.add(page.path("targets").size());
      if (page.path("next").isNull()) {
        break;
      }
      path = "/v1/status?limit=2&next=" + page.path("next").asText();
    }
    assertThat(names).containsExactly("alpha", "bravo", "charlie", "delta", "shop", "zulu");
    assertThat(sizes).containsExactly(2, 2, 2);
    assertThat(ok("/v1/status").json().path("next").isNull()).as("50 by default").isTrue();
  }

  @Test
  void incidentsArePagedNewestFirst() {
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String path = "/v1/incidents?target=web&limit=2";
    while (true) {
      JsonNode page = ok(path).json();
      seen.addAll(ids(page));
      sizes.add(page.path("incidents").size());
      if (page.path("next").isNull()) {
        break;
      }
      path = "/v1/incidents?target=web&limit=2&next=" + page.path("next").asText();
    }
    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(seen).containsExactlyElementsOf(webIncidents.reversed());

    JsonNode first = ok("/v1/incidents?target=web&limit=1").json().path("incidents").get(0);
    assertThat(first.path("target").asText()).isEqualTo("web");
    assertThat(first.path("state").asText()).isEqualTo("resolved");
    assertThat(first.path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(first.path("opened_at").asText()).isEqualTo("2026-03-10T09:41:00Z");
    assertThat(first.path("resolved_at").asText()).isEqualTo("2026-03-10T09:44:00Z");
    assertThat(first.path("transitions").asInt()).isEqualTo(2);
  }

  @Test
  void sinceAndUntilTakeATimeAgoOrAnInstant() {
    assertThat(ids(ok("/v1/incidents?target=recent&since=24h").json()))
        .containsExactly(recentIncident);
    assertThat(ids(ok("/v1/incidents?target=recent&since=7d").json()))
        .containsExactly(recentIncident, olderIncident);
    assertThat(ids(ok("/v1/incidents?target=recent&until=1d").json()))
        .containsExactly(olderIncident);
    assertThat(ids(ok("/v1/incidents?target=recent&since=30m").json())).isEmpty();
    assertThat(
            ids(
                ok("/v1/incidents?target=web&since=2026-03-10T10:21:00%2B01:00&until=2026-03-10T09:31:00Z")
                    .json()))
        .containsExactly(webIncidents.get(2));
    assertThat(ids(ok("/v1/incidents?state=open&layer=cdn").json())).contains(recentIncident);
  }

  @Test
  void oneIncidentHasItsEvidenceTimelineAlertsAndRunbook() {
    JsonNode doc = ok("/v1/incidents/" + webIncidents.get(0)).json();
    assertThat(doc.path("incident").path("id").asText()).isEqualTo(webIncidents.get(0));
    JsonNode timeline = doc.path("timeline");
    assertThat(timeline.findValuesAsText("kind")).containsExactly("OPENED", "RESOLVED");
    JsonNode opened = timeline.get(0);
    assertThat(opened.path("number").asInt()).isEqualTo(1);
    assertThat(opened.path("slot").asText()).isEqualTo("2026-03-10T09:01:00Z");
    assertThat(opened.path("signature").path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(opened.path("signature").path("cause").asText()).isEqualTo("HTTP_5XX");
    assertThat(opened.has("previous") && opened.path("previous").isNull()).isTrue();
    assertThat(opened.path("summary").asText()).startsWith("OPENED ORIGIN");
    assertThat(opened.path("evidence").path("transition").asInt())
        .as("the evidence is the parsed document, not a string")
        .isEqualTo(1);
    assertThat(opened.path("recorded_at").asText()).isNotBlank();
    JsonNode alert = opened.path("alert");
    assertThat(alert.path("alert_id").asText()).isEqualTo(webIncidents.get(0) + "-1");
    assertThat(alert.path("pending").asBoolean()).isTrue();
    assertThat(alert.path("attempts").asInt()).isZero();
    for (String key :
        List.of("published_at", "message_id", "last_error", "dead_letter", "created_at")) {
      assertThat(alert.has(key)).as(key).isTrue();
    }
    assertThat(doc.path("runbook").findValuesAsText("action"))
        .containsExactlyElementsOf(
            Runbook.stepsFor(Layer.ORIGIN, Cause.HTTP_5XX).stream().map(s -> s.action()).toList());
  }

  @Test
  void aTargetsHistoryIsEachLayersAddedLatencyAndItsFailuresOldestFirst() {
    JsonNode shop = ok("/v1/targets/shop/history").json();
    assertThat(shop.path("target").asText()).isEqualTo("shop");
    JsonNode points = shop.path("points");
    assertThat(points).hasSize(2);
    assertThat(points.get(0).path("slot").asText()).isLessThan(points.get(1).path("slot").asText());
    for (JsonNode point : points) {
      assertThat(point.path("region").asText()).isEqualTo(REGION);
      // The origin refuses; CDN and LB answer 502: three failures and no layer's latency.
      assertThat(point.path("failing"))
          .extracting(JsonNode::asText)
          .containsExactly("cdn", "lb", "origin[0]");
      assertThat(point.path("origin_ms").isNull()).isTrue();
      assertThat(point.path("cdn_added_ms").isNull()).isTrue();
    }

    JsonNode alpha = ok("/v1/targets/alpha/history?slots=5").json().path("points");
    assertThat(alpha).hasSize(1);
    JsonNode p = alpha.get(0);
    assertThat(p.path("failing")).isEmpty();
    assertThat(p.path("origin_ms").asDouble()).isPositive();
    assertThat(p.path("lb_added_ms").asDouble())
        .isCloseTo(p.path("lb_ms").asDouble() - p.path("origin_ms").asDouble(), within(0.011));
    assertThat(p.path("cdn_added_ms").asDouble())
        .isCloseTo(p.path("cdn_ms").asDouble() - p.path("lb_ms").asDouble(), within(0.011));

    assertThat(ok("/v1/targets/zulu/history").json().path("points")).isEmpty();
    JsonNode unknown = problem("/v1/targets/nobody/history", 404);
    assertThat(unknown.path("detail").asText()).isEqualTo("no target is named 'nobody'");
  }

  @Test
  void anUnknownIncidentIs404() {
    JsonNode json = problem("/v1/incidents/01ARZ3NDEKTSV4RRFFQ69G5FAV", 404);
    assertThat(json.path("type").asText()).isEqualTo("urn:probefleet:problem:not-found");
    assertThat(json.path("detail").asText())
        .isEqualTo("no incident has the id '01ARZ3NDEKTSV4RRFFQ69G5FAV'");
    assertThat(json.path("parameter").isNull()).isTrue();
    assertThat(problem("/v1/nothing-here", 404).path("title").asText()).isEqualTo("Not Found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/v1/incidents?target=web&sort=newest|sort|sort: unknown parameter; known: target, layer, state, since, until, limit, next",
        "/v1/incidents?target=web&target=shop|target|target: given 2 times (or with a comma); give it once",
        "/v1/incidents|target|target: a query needs a target, a layer or state=open",
        "/v1/incidents?state=resolved|target|target: a query needs a target, a layer or state=open (state=resolved alone would read every incident)",
        "/v1/incidents?target=|target|target: is empty",
        "/v1/incidents?layer=EDGE|layer|layer: 'EDGE' is not one of CDN, LOAD_BALANCER, ORIGIN, NETWORK, DNS, NONE, INCONCLUSIVE",
        "/v1/incidents?target=web&state=opened|state|state: 'opened' is not open or resolved",
        "/v1/incidents?target=web&since=yesterday|since|since: 'yesterday' is neither an ISO-8601 instant such as 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
        "/v1/incidents?target=web&until=24|until|until: '24' is neither an ISO-8601 instant",
        "/v1/incidents?target=web&since=1h&until=2h|since|is not before until",
        "/v1/incidents?target=web&limit=0|limit|limit: must be between 1 and 1000, got 0",
        "/v1/incidents?target=web&limit=1001|limit|limit: must be between 1 and 1000, got 1001",
        "/v1/incidents?target=web&limit=ten|limit|limit: 'ten' is not a whole number",
        "/v1/incidents?target=web&next=|next|next: the continuation token is empty",
        "/v1/incidents?target=web&next=not-a-token|next|next: the continuation token is not one this service issued (unknown format)",
        "/v1/incidents?target=web&next=%25%25|next|next: the continuation token is not one this service issued (not base64url)",
        "/v1/incidents/01ARZ3NDEKTSV4RRFFQ69G5FAV?verbose=1|verbose|verbose: unknown parameter; this endpoint takes none",
        "/v1/status?limit=0|limit|limit: must be between 1 and 1000, got 0",
        "/v1/status?limit=5000|limit|limit: must be between 1 and 1000, got 5000",
        "/v1/status?limit=many|limit|limit: 'many' is not a whole number",
        "/v1/status?next=abc.def|next|next: the continuation token is not one this service issued (bad signature)",
        "/v1/status?target=shop|target|target: unknown parameter; known: limit, next",
        "/v1/targets/shop/history?slots=0|slots|slots: must be between 1 and 1440, got 0",
        "/v1/targets/shop/history?slots=all|slots|slots: 'all' is not a whole number",
        "/v1/targets/shop/history?since=1h|since|since: unknown parameter; known: slots"
      })
  void everyBadParameterIsA400NamingIt(String path, String parameter, String detail) {
    JsonNode json = problem(path, 400);
    assertThat(json.path("type").asText()).isEqualTo("urn:probefleet:problem:invalid-parameter");
    assertThat(json.path("title").asText()).isEqualTo("Bad Request");
    assertThat(json.path("parameter").asText()).isEqualTo(parameter);
    assertThat(json.path("detail").asText()).contains(detail);
  }

  @Test
  void aTokenWhoseKeyWasEditedIsRefused() {
    String token = ok("/v1/incidents?target=web&limit=2").json().path("next").asText();
    int dot = token.indexOf('.');
    String content =
        new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
    String id = webIncidents.get(3);
    assertThat(content).contains("\"incidentId\":\"" + id + "\"");
    // One character of the key: start after another incident, without signing again.
    String edited = content.replace("\"incidentId\":\"" + id, "\"incidentId\":\"" + bump(id));
    String forged =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(edited.getBytes(StandardCharsets.UTF_8))
            + token.substring(dot);

    JsonNode json = problem("/v1/incidents?target=web&limit=2&next=" + forged, 400);
    assertThat(json.path("parameter").asText()).isEqualTo("next");
    assertThat(json.path("detail").asText())
        .isEqualTo("next: the continuation token is not one this service issued (bad signature)");
    assertThat(ok("/v1/incidents?target=web&limit=2&next=" + token).json().path("incidents"))
        .as("the token as issued still works")
        .hasSize(2);
  }

  private static String bump(String id) {
    char last = id.charAt(id.length() - 1);
    return id.substring(0, id.length() - 1) + (last == 'Z' ? 'Y' : (char) (last + 1));
  }

  @Test
  void aTokenOfAnotherQueryIsRefused() {
    String web = ok("/v1/incidents?target=web&limit=2").json().path("next").asText();
    JsonNode json = problem("/v1/incidents?target=recent&next=" + web, 400);
    assertThat(json.path("parameter").asText()).isEqualTo("next");
    assertThat(json.path("detail").asText())
        .isEqualTo(
            "next: the continuation token belongs to another query (byTarget:web), not to this one"
                + " (byTarget:recent); start again without it");

    String status = ok("/v1/status?limit=1").json().path("next").asText();
    assertThat(problem("/v1/incidents?target=web&next=" + status, 400).path("detail").asText())
        .contains("belongs to another query (status)");
    assertThat(problem("/v1/status?next=" + web, 400).path("detail").asText())
        .contains("belongs to another query (byTarget:web), not to this one (status)");
  }

  @Test
  void aTokenOfAnotherDeploymentIsRefused() {
    String foreign =
        ContinuationTokens.withKey("another deployment's key of 32 bytes+")
            .encode("status", Map.of("target", "alpha"));
    assertThat(
            problem("/v1/status?next=" + URLEncoder.encode(foreign, StandardCharsets.UTF_8), 400)
                .path("detail")
                .asText())
        .endsWith("(bad signature)");
  }
}
