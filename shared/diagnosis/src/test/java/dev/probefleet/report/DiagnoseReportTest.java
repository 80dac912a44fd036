package dev.probefleet.report;

import static dev.probefleet.model.FailureClass.CONNECTION_REFUSED;
import static dev.probefleet.scenario.Pages.haproxy503;
import static dev.probefleet.scenario.Pages.nginx502;
import static dev.probefleet.scenario.Sample.fails;
import static dev.probefleet.scenario.Sample.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.PathKind;
import dev.probefleet.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code probefleet diagnose --output json} contract of DESIGN §3. */
class DiagnoseReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Verdict ORIGIN_DOWN =
      Scenario.fullChain()
          .cdn(nginx502().correlation("X-Amz-Cf-Id", "cf=="))
          .lb(haproxy503())
          .origin(fails(CONNECTION_REFUSED).detail("connect to 10.0.1.23:8080: Connection refused"))
          .verdict();

  private static JsonNode json(TargetDiagnosis... targets) throws Exception {
    return JSON.readTree(DiagnoseReport.of(List.of(targets)).toJson());
  }

  @Test
  void theDocumentHasTheContractsShape() throws Exception {
    JsonNode root = json(new TargetDiagnosis("shop", ORIGIN_DOWN));
    assertThat(names(root)).containsExactly("schemaVersion", "targets");
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
    JsonNode target = root.get("targets").get(0);
    assertThat(names(target)).containsExactly("name", "verdict", "paths");
    assertThat(target.get("name").asText()).isEqualTo("shop");

    JsonNode verdict = target.get("verdict");
    assertThat(names(verdict).subList(0, 7))
        .containsExactly("layer", "cause", "severity", "summary", "scope", "candidates", "rate");
    assertThat(verdict.get("layer").asText()).isEqualTo("ORIGIN");
    assertThat(verdict.get("cause").asText()).isEqualTo("CONNECTION_REFUSED");
    assertThat(verdict.get("severity").asText()).isEqualTo("PAGE");
    assertThat(verdict.get("scope").asText()).isEqualTo("all-regions");
    assertThat(verdict.get("candidates").isArray()).isTrue();
    assertThat(verdict.get("candidates")).isEmpty();
    assertThat(verdict.get("rate").isDouble()).isTrue();
    assertThat(verdict.get("rate").asDouble()).isEqualTo(1.0);

    JsonNode paths = target.get("paths");
    assertThat(names(paths)).containsExactly("cdn", "lb", "origin");
    assertThat(paths.get("origin").isArray()).isTrue();
    for (JsonNode path : List.of(paths.get("cdn"), paths.get("lb"), paths.get("origin").get(0))) {
      assertThat(names(path).subList(0, 9))
          .containsExactly(
              "url",
              "class",
              "detail",
              "status",
              "generator",
              "remote_address",
              "probed_at",
              "request_id",
              "timings_ms");
      assertThat(names(path.get("timings_ms")))
          .containsExactly("dns", "connect", "tls", "request_write", "ttfb", "download", "total");
    }
  }

  @Test
  void pathValuesAreWhatTheProbesSaw() throws Exception {
    JsonNode paths = json(new TargetDiagnosis("shop", ORIGIN_DOWN)).at("/targets/0/paths");
    JsonNode cdn = paths.get("cdn");
    assertThat(cdn.get("url").asText()).isEqualTo("https://shop.example.com/health");
    assertThat(cdn.get("class").asText()).isEqualTo("HTTP_5XX");
    assertThat(cdn.get("status").asInt()).isEqualTo(502);
    assertThat(cdn.get("generator").asText()).isEqualTo("nginx");
    assertThat(cdn.get("probed_at").asText()).isEqualTo("2026-11-24T09:01:02Z");
    assertThat(cdn.get("request_id").asText()).isEqualTo("req-us-east-1-cdn-0");
    assertThat(cdn.at("/timings_ms/ttfb").asDouble()).isEqualTo(20.0);
    assertThat(cdn.at("/timings_ms/request_write").asDouble()).isEqualTo(0.1);
    assertThat(cdn.at("/correlation/X-Amz-Cf-Id").asText()).isEqualTo("cf==");

    JsonNode origin = paths.get("origin").get(0);
    assertThat(origin.get("class").asText()).isEqualTo("CONNECTION_REFUSED");
    assertThat(origin.get("detail").asText())
        .isEqualTo("connect to 10.0.1.23:8080: Connection refused");
    assertThat(origin.get("status").isNull()).isTrue();
    assertThat(origin.get("generator").isNull()).isTrue();
    assertThat(origin.get("remote_address").asText()).isEqualTo("10.0.1.23:8080");
    JsonNode t = origin.get("timings_ms");
    assertThat(t.get("dns").isNull()).isTrue();
    assertThat(t.get("connect").asDouble()).isEqualTo(1.0);
    assertThat(t.get("tls").isNull()).isTrue();
    assertThat(t.get("ttfb").isNull()).isTrue();
    assertThat(t.get("total").asDouble()).isEqualTo(1.0);
  }

  @Test
  void aPathNotConfiguredIsAbsentAndOneOriginIsStillAList() throws Exception {
    Verdict v = Scenario.paths(PathKind.CDN, PathKind.ORIGIN).cdn(ok()).origin(ok()).verdict();
    JsonNode paths = json(new TargetDiagnosis("shop", v)).at("/targets/0/paths");
    assertThat(names(paths)).containsExactly("cdn", "origin");
    assertThat(paths.get("origin").isArray()).isTrue();
    assertThat(paths.get("origin")).hasSize(1);
  }

  @Test
  void anInconclusiveVerdictListsItsCandidates() throws Exception {
    Verdict v = Scenario.paths(PathKind.CDN).cdn(nginx502()).verdict();
    JsonNode verdict = json(new TargetDiagnosis("shop", v)).at("/targets/0/verdict");
    assertThat(verdict.get("layer").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(verdict.get("candidates").toString())
        .isEqualTo("[\"CDN\",\"LOAD_BALANCER\",\"ORIGIN\"]");
  }

  @Test
  void aHealthyVerdictHasScopeNoneAndRateZero() throws Exception {
    Verdict v = Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok()).verdict();
    JsonNode verdict = json(new TargetDiagnosis("shop", v)).at("/targets/0/verdict");
    assertThat(verdict.get("layer").asText()).isEqualTo("NONE");
    assertThat(verdict.get("cause").asText()).isEqualTo("NONE");
    assertThat(verdict.get("scope").asText()).isEqualTo("none");
    assertThat(verdict.get("rate").asDouble()).isZero();
    assertThat(verdict.at("/latency/lb_over_origin/ttfb_ms").asDouble()).isZero();
  }

  @Test
  void theExitStatusFollowsTheVerdicts() {
    Verdict healthy = Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok()).verdict();
    Verdict warning =
        Scenario.fullChain().cdn(ok()).lb(ok()).origin(fails(CONNECTION_REFUSED)).verdict();
    Verdict inconclusive = Scenario.paths(PathKind.CDN).cdn(nginx502()).verdict();
    assertThat(report(healthy).exitStatus()).isZero();
    assertThat(report(healthy, warning).exitStatus()).isZero();
    assertThat(report(healthy, ORIGIN_DOWN).exitStatus()).isEqualTo(1);
    assertThat(report(inconclusive).exitStatus()).isEqualTo(1);
  }

  @Test
  void theTextFormNamesTargetVerdictAndPaths() {
    String text = report(ORIGIN_DOWN).toText();
    assertThat(text)
        .startsWith("t0: ORIGIN CONNECTION_REFUSED (PAGE, all-regions)\n")
        .contains("  The origin refuses the connection")
        .contains("  origin[0]: CONNECTION_REFUSED, total 1.0 ms, 10.0.1.23:8080\n")
        .contains("    connect to 10.0.1.23:8080: Connection refused\n");
  }

  private static DiagnoseReport report(Verdict... verdicts) {
    List<TargetDiagnosis> targets = new ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      targets.add(new TargetDiagnosis("t" + i, verdicts[i]));
    }
    return DiagnoseReport.of(targets);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
