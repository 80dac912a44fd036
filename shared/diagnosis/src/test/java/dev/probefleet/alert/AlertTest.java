package dev.probefleet.alert;

import static dev.probefleet.scenario.Pages.haproxy503;
import static dev.probefleet.scenario.Pages.nginx502;
import static dev.probefleet.scenario.Pages.nginx503;
import static dev.probefleet.scenario.Sample.ok;
import static dev.probefleet.scenario.Sample.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.IncidentStep;
import dev.probefleet.incident.Incidents;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.scenario.Pages;
import dev.probefleet.scenario.Sample;
import dev.probefleet.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private static final Scenario LB_DOWN =
      Scenario.fullChain()
          .requestHeaders(
              Map.of(
                  "Authorization", new HeaderValue.Literal("Bearer s3cr3t-token"),
                  "X-Api-Key", new HeaderValue.Secret(HeaderValue.Secret.Source.SSM, "/shop/key")))
          .in("us-east-1")
          .cdn(nginx503().correlation("X-Amz-Cf-Id", "cf-id-1==").correlation("Server", "nginx"))
          .lb(haproxy503())
          .origin(ok())
          .in("eu-west-1")
          .cdn(nginx503().correlation("X-Amz-Cf-Id", "cf-id-2=="))
          .lb(haproxy503())
          .origin(ok());
  private static final Verdict DOWN = LB_DOWN.verdict();
  private static final Verdict FINE =
      Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok()).verdict();

  /** The alerts of a story of rounds, as the analyzer would publish them. */
  private static List<Alert> alerts(Verdict... rounds) {
    Incidents machine = new Incidents(IncidentPolicy.DEFAULT);
    IncidentState state = IncidentState.empty("shop");
    List<Alert> out = new ArrayList<>();
    for (int i = 0; i < rounds.length; i++) {
      RoundSlot slot = new RoundSlot(T0.plus(Duration.ofMinutes(i)), Duration.ofMinutes(1));
      IncidentStep step = machine.apply(state, slot, rounds[i]);
      state = step.state();
      for (Transition t : step.transitions()) {
        out.add(Alert.of(t, rounds[i]));
      }
    }
    return out;
  }

  private static final List<Alert> STORY = alerts(DOWN, DOWN, FINE, FINE, FINE);
  private static final Alert OPENED = STORY.get(0);
  private static final Alert RESOLVED = STORY.get(1);

  @Test
  void anAlertCarriesTheIncidentAndItsTransition() {
    assertThat(STORY)
        .extracting(Alert::state)
        .containsExactly(TransitionKind.OPENED, TransitionKind.RESOLVED);
    assertThat(OPENED.target()).isEqualTo("shop");
    assertThat(OPENED.alertId()).isEqualTo(OPENED.incidentId() + "-1");
    assertThat(RESOLVED.alertId()).isEqualTo(OPENED.incidentId() + "-2");
    assertThat(OPENED.regions()).containsExactly("eu-west-1", "us-east-1");
    assertThat(OPENED.correlationIds())
        .contains(
            new CorrelationId("cdn", "X-Request-ID", "req-eu-west-1-cdn-0", true),
            new CorrelationId("cdn", "X-Amz-Cf-Id", "cf-id-2==", false));
    assertThat(OPENED.runbook()).isNotEmpty();
    assertThat(RESOLVED.runbook()).isEmpty();
    assertThat(RESOLVED.summary()).startsWith("Resolved: Every path answers normally");
  }

  @Test
  void theSnsAttributesAreTheFilterableFields() {
    assertThat(OPENED.messageAttributes())
        .containsExactly(
            Map.entry("target", "shop"),
            Map.entry("layer", "LOAD_BALANCER"),
            Map.entry("cause", "UPSTREAM_CONNECT_FAILED"),
            Map.entry("severity", "PAGE"),
            Map.entry("state", "OPENED"),
            Map.entry("regions", "eu-west-1,us-east-1"),
            Map.entry("alertId", OPENED.alertId()));
    assertThat(RESOLVED.messageAttributes()).containsEntry("state", "RESOLVED");
  }

  @Test
  void theSubjectIsOneAsciiLineSnsAccepts() {
    assertThat(OPENED.subject())
        .isEqualTo(
            "[PAGE] shop: OPENED LOAD_BALANCER UPSTREAM_CONNECT_FAILED [" + OPENED.alertId() + "]");
    Alert longName =
        new Alert(
            "a-target-with-a-very-long-name-that-goes-on-and-on-" + "x".repeat(80),
            OPENED.state(),
            OPENED.layer(),
            OPENED.cause(),
            OPENED.severity(),
            OPENED.scope(),
            OPENED.regions(),
            OPENED.alertId(),
            OPENED.incidentId(),
            OPENED.transition(),
            OPENED.slot(),
            OPENED.summary(),
            OPENED.previous(),
            OPENED.evidence(),
            OPENED.findings(),
            OPENED.correlationIds(),
            OPENED.runbook());
    for (Alert a : List.of(OPENED, RESOLVED, longName)) {
      assertThat(a.subject()).hasSizeLessThan(100).matches("[\\x20-\\x7e]+");
      assertThat(a.subject()).contains(a.alertId());
    }
  }

  @Test
  void theTextReadsTopDownOnAPhone() {
    String text = OPENED.text();
    assertThat(text)
        .startsWith(
            "OPENED - PAGE - shop\nLOAD_BALANCER / UPSTREAM_CONNECT_FAILED - all-regions (eu-west-1, us-east-1)\n")
        .contains(DOWN.summary())
        .contains(
            "Alert " + OPENED.alertId() + " - incident " + OPENED.incidentId() + ", transition 1")
        .contains("Paths (eu-west-1):")
        .contains("  lb: HTTP_5XX 503 (haproxy), ttfb 1001 ms, total ")
        .contains("  origin[0]: OK 200, ttfb 20 ms")
        .contains("Request ids:")
        .contains("  cdn: X-Request-ID (sent) req-eu-west-1-cdn-0; X-Amz-Cf-Id cf-id-2==")
        .contains("Next steps:\n  1. ")
        .contains(
            "     $ curl -sv -o /dev/null --resolve shop.example.com:8080:10.0.1.23"
                + " http://shop.example.com:8080/health");
    assertThat(text.lines()).allMatch(l -> l.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
  }

  @Test
  void theJsonHasEveryFieldForMachines() throws Exception {
    JsonNode json = JSON.readTree(OPENED.json());
    assertThat(fieldNames(json))
        .containsExactly(
            "schemaVersion",
            "subject",
            "text",
            "trimmed",
            "alertId",
            "incidentId",
            "transition",
            "state",
            "target",
            "layer",
            "cause",
            "severity",
            "scope",
            "regions",
            "slot",
            "summary",
            "previous",
            "paths",
            "origin_summary",
            "latency",
            "evidence_region",
            "request_ids",
            "findings",
            "runbook");
    assertThat(json.get("alertId").asText()).isEqualTo(OPENED.alertId());
    assertThat(json.get("transition").asInt()).isEqualTo(1);
    assertThat(json.get("state").asText()).isEqualTo("OPENED");
    assertThat(json.get("previous").isNull()).isTrue();
    assertThat(json.get("slot").asText()).isEqualTo("2026-11-24T09:01:00Z");
    assertThat(json.at("/paths/lb/status").asInt()).isEqualTo(503);
    assertThat(json.at("/paths/lb/generator").asText()).isEqualTo("haproxy");
    assertThat(json.at("/paths/origin").isArray()).isTrue();
    assertThat(json.at("/paths/origin/0/class").asText()).isEqualTo("OK");
    assertThat(json.at("/request_ids/0").toString())
        .isEqualTo(
            "{\"path\":\"cdn\",\"header\":\"X-Request-ID\",\"value\":\"req-eu-west-1-cdn-0\",\"sent\":true}");
    assertThat(json.at("/runbook/0/action").asText()).isNotBlank();
    assertThat(json.get("runbook").size()).isEqualTo(OPENED.runbook().size());
    assertThat(json.get("subject").asText()).isEqualTo(OPENED.subject());
    assertThat(json.get("origin_summary").isNull()).isTrue();
  }

  @Test
  void aNormalAlertIsNotTrimmedAndCarriesItsTextLineByLine() throws Exception {
    String doc = OPENED.json();
    JsonNode json = JSON.readTree(doc);
    assertThat(json.get("trimmed").isArray()).isTrue();
    assertThat(json.get("trimmed")).isEmpty();
    assertThat(json.get("text"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(OPENED.text().lines().toList());
    assertThat(doc)
        .as("pretty-printed, one line of text per line, for e-mail subscribers")
        .contains("\n  \"text\":[\n    \"OPENED - PAGE - shop\",\n");
    assertThat(json.at("/paths/lb/body").asText())
        .as("a failing path quotes its error page")
        .isEqualTo(Pages.HAPROXY_503);
    assertThat(json.at("/paths/origin/0/body").isNull())
        .as("a healthy path's body is not worth the bytes")
        .isTrue();
    assertThat(json.at("/request_ids/1/value").asText()).isEqualTo("cf-id-2==");
  }

  @Test
  void twoHundredOriginsWithLargeErrorPagesStayBelowSnssLimit() throws Exception {
    Scenario scenario = Scenario.paths(hundredsOfOrigins(200)).in("us-east-1");
    scenario.cdn(longIds(nginx502(), "cdn"));
    scenario.lb(longIds(status(502).body(bigPage("haproxy")), "lb"));
    for (int i = 0; i < 200; i++) {
      scenario.origin(longIds(status(502).body(bigPage("origin " + i)), "origin" + i));
    }
    Verdict verdict = scenario.verdict();
    Alert alert = alerts(verdict, verdict).get(0);

    String doc = alert.json();
    int bytes = doc.getBytes(StandardCharsets.UTF_8).length;
    System.out.println(
        "200-origin alert: " + bytes + " bytes of JSON (budget " + Alert.JSON_BUDGET_BYTES + ")");
    assertThat(bytes).isLessThanOrEqualTo(Alert.JSON_BUDGET_BYTES).isLessThan(256 * 1024);
    JsonNode json = JSON.readTree(doc);
    assertThat(json.get("alertId").asText()).isEqualTo(alert.alertId());
    assertThat(json.get("state").asText()).isEqualTo("OPENED");
    assertThat(json.get("layer").asText()).isEqualTo(verdict.layer().name());
    assertThat(json.get("cause").asText()).isEqualTo(verdict.cause().name());
    assertThat(json.get("severity").asText()).isEqualTo("PAGE");
    assertThat(json.get("summary").asText()).isEqualTo(alert.summary());
    assertThat(json.get("regions")).extracting(JsonNode::asText).containsExactly("us-east-1");
    assertThat(json.get("trimmed"))
        .extracting(JsonNode::asText)
        .startsWith("bodies: cut to 1024 bytes", "bodies", "origins: 195 of 200 shown as summary");
    assertThat(json.at("/paths/origin")).hasSize(5);
    assertThat(json.at("/origin_summary/instances").asInt()).isEqualTo(195);
    assertThat(json.at("/origin_summary/failing").asInt()).isEqualTo(195);
    assertThat(json.at("/origin_summary/statuses/502").asInt()).isEqualTo(195);
    assertThat(json.at("/paths/lb/body").isNull()).isTrue();
    assertThat(json.get("text"))
        .extracting(JsonNode::asText)
        .contains(
            "  195 more origin instances, 195 failing: HTTP_5XX x195; status 502 x195;"
                + " unknown x195")
        .anyMatch(l -> l.startsWith("Trimmed to fit the message size limit: bodies: cut to"));
  }

  @Test
  void trimmingStopsAtTheFirstStepThatFits() throws Exception {
    Verdict down =
        Scenario.fullChain()
            .cdn(status(502).body(bigPage("cdn")))
            .lb(status(502).body(bigPage("lb")))
            .origin(status(502).body(bigPage("origin")))
            .verdict();
    Alert alert = alerts(down, down).get(0);
    JsonNode untrimmed = JSON.readTree(alert.json());
    assertThat(untrimmed.get("trimmed")).isEmpty();
    assertThat(untrimmed.at("/paths/lb/body").asText())
        .as("an error page is quoted up to 8 KiB")
        .startsWith("<html><!-- lb")
        .endsWith(" more bytes cut]")
        .hasSizeBetween(8 * 1024, 8 * 1024 + 40);

    int budget = alert.json().getBytes(StandardCharsets.UTF_8).length - 1;
    JsonNode trimmed = JSON.readTree(alert.json(budget));
    assertThat(trimmed.get("trimmed"))
        .extracting(JsonNode::asText)
        .containsExactly("bodies: cut to 1024 bytes");
    assertThat(trimmed.at("/paths/lb/body").asText()).hasSizeBetween(1024, 1024 + 40);
    assertThat(trimmed.at("/paths/origin")).hasSize(1);
  }

  @Test
  void aBudgetTooSmallForTheVerdictCutsEveryStringButKeepsValidJson() throws Exception {
    String doc = OPENED.json(2_000);
    JsonNode json = JSON.readTree(doc);
    assertThat(json.get("alertId").asText()).isEqualTo(OPENED.alertId());
    assertThat(json.get("layer").asText()).isEqualTo("LOAD_BALANCER");
    assertThat(json.get("trimmed")).extracting(JsonNode::asText).contains("correlation ids");
  }

  private static PathKind[] hundredsOfOrigins(int n) {
    PathKind[] kinds = new PathKind[n + 2];
    kinds[0] = PathKind.CDN;
    kinds[1] = PathKind.LB;
    Arrays.fill(kinds, 2, n + 2, PathKind.ORIGIN);
    return kinds;
  }

  /** A 64 KiB error page, as some application servers send with a stack trace. */
  private static String bigPage(String who) {
    String head = "<html><!-- " + who + " --><title>502 Bad Gateway</title><pre>";
    return head + "at com.example.Handler.handle(Handler.java:42)\n".repeat(65_536 / 46);
  }

  private static Sample longIds(Sample sample, String who) {
    return sample
        .correlation("X-Amz-Cf-Id", (who + "-cf-").repeat(60))
        .correlation("X-Amzn-Trace-Id", "Root=1-" + (who + "-trace-").repeat(60));
  }

  @Test
  void anUpdateSaysWhatItWasBefore() throws Exception {
    Verdict cdnDown = Scenario.fullChain().cdn(nginx503()).lb(ok()).origin(ok()).verdict();
    List<Alert> story = alerts(DOWN, DOWN, cdnDown, cdnDown);
    Alert updated = story.get(1);
    assertThat(updated.state()).isEqualTo(TransitionKind.UPDATED);
    assertThat(updated.text())
        .contains("Changed from: LOAD_BALANCER / UPSTREAM_CONNECT_FAILED (PAGE,");
    JsonNode json = JSON.readTree(updated.json());
    assertThat(json.at("/previous/layer").asText()).isEqualTo("LOAD_BALANCER");
    assertThat(json.get("layer").asText()).isEqualTo("CDN");
  }

  @Test
  void noRequestHeaderValueOrSecretReferenceEverAppears() {
    for (Alert a : STORY) {
      for (String rendering :
          List.of(a.text(), a.json(), a.subject(), a.messageAttributes().toString())) {
        assertThat(rendering)
            .doesNotContain("s3cr3t")
            .doesNotContain("/shop/key")
            .doesNotContain("Authorization");
      }
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }
}
