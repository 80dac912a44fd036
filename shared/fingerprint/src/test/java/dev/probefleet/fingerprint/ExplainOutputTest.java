package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact documents of {@code probefleet explain} (DESIGN §3). */
class ExplainOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fingerprintDocumentHasTheContractsKeysInOrder() throws Exception {
    Fingerprint f =
        new Fingerprint(
            "nginx",
            Fingerprint.Role.WEB_SERVER,
            List.of("cloudfront"),
            "nginx got no usable response",
            0.96,
            List.of(
                new Fingerprint.Signal("nginx.footer", Fingerprint.Where.BODY, 0.9),
                new Fingerprint.Signal("nginx.server", Fingerprint.Where.HEADER, 0.6)));

    String text = ExplainOutput.toJson(f);
    JsonNode doc = JSON.readTree(text);

    assertThat(fieldNames(doc))
        .containsExactly("generator", "role", "passed_through", "meaning", "score", "signals");
    assertThat(doc.get("generator").asText()).isEqualTo("nginx");
    assertThat(doc.get("role").asText()).isEqualTo("WEB_SERVER");
    assertThat(doc.get("passed_through").get(0).asText()).isEqualTo("cloudfront");
    assertThat(doc.get("score").asDouble()).isEqualTo(0.96);
    assertThat(fieldNames(doc.get("signals").get(0))).containsExactly("id", "where", "weight");
    assertThat(doc.get("signals").get(0).get("where").asText()).isEqualTo("body");
    assertThat(doc.get("signals").get(1).get("where").asText()).isEqualTo("header");
    assertThat(doc.get("signals").get(1).get("weight").asDouble()).isEqualTo(0.6);
    assertThat(text).endsWith("}\n");
  }

  @Test
  void unknownFingerprintStillHasEveryKey() throws Exception {
    JsonNode doc = JSON.readTree(ExplainOutput.toJson(Fingerprint.unknown(List.of())));

    assertThat(doc.get("generator").asText()).isEqualTo("unknown");
    assertThat(doc.get("role").asText()).isEqualTo("UNKNOWN");
    assertThat(doc.get("passed_through").isArray()).isTrue();
    assertThat(doc.get("score").asDouble()).isZero();
    assertThat(doc.get("signals").isArray()).isTrue();
  }

  @Test
  void aRecordedPageGoesThroughTheWholeExplainPath() throws Exception {
    String input = CapturedPages.load(Software.HAPROXY, Scenario.TIMEOUT).toJson();

    JsonNode doc =
        JSON.readTree(
            ExplainOutput.toJson(
                Fingerprinter.defaults()
                    .fingerprint(ResponseDocuments.read(input, "haproxy.json"))));

    assertThat(doc.get("generator").asText()).isEqualTo("haproxy");
    assertThat(doc.get("role").asText()).isEqualTo("LOAD_BALANCER");
    assertThat(doc.get("meaning").asText()).contains("timeout server");
  }

  @Test
  void logLineDocumentHasTheContractsKeysInOrder() throws Exception {
    LogLineExplanation e =
        LogLineExplainer.defaults()
            .explain(
                "2026/11/24 09:31:28 [error] 17519#17519: *11 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: , request: \"GET /health HTTP/1.1\", upstream: \"http://10.0.1.23:8080/health\", host: \"shop.example.com\"");

    JsonNode doc = JSON.readTree(ExplainOutput.toJson(e));

    assertThat(fieldNames(doc)).containsExactly("software", "cause", "meaning", "next_steps");
    assertThat(doc.get("software").asText()).isEqualTo("nginx");
    assertThat(doc.get("cause").asText()).isEqualTo(Cause.UPSTREAM_CONNECT_FAILED.name());
    assertThat(doc.get("next_steps").isArray()).isTrue();
    assertThat(doc.get("next_steps").get(0).asText()).contains("10.0.1.23").contains("8080");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
