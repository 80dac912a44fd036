package dev.probefleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.api.HttpApi.Answer;
import dev.probefleet.model.Layer;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.HistoryWriter;
import dev.probefleet.store.contract.Rounds;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plain server: {@link ApiServer} on a free loopback port with its own defaults, every endpoint
 * fetched with {@code java.net.http.HttpClient}.
 */
class ApiServerTest {

  @Test
  void theServerListensOnLoopbackAndServesEveryEndpoint() {
    try (HttpApi api = HttpApi.start(Map.of())) {
      EmbeddedServer server = api.context().getBean(EmbeddedServer.class);
      assertThat(server.getHost()).as("loopback unless told otherwise").isEqualTo("127.0.0.1");
      api.context().getBean(TargetRegistry.class).apply(List.of(Rounds.target("shop")), false);
      String id =
          new HistoryWriter(api.context().getBean(IncidentStore.class), "shop")
              .incident("2026-03-10T09:01:00Z", Layer.LOAD_BALANCER, false);

      Answer status = api.get("/v1/status");
      assertThat(status.status()).as(status.toString()).isEqualTo(200);
      assertThat(status.contentType()).isEqualTo("application/json");
      assertThat(status.json().path("targets").get(0).path("name").asText()).isEqualTo("shop");

      Answer list = api.get("/v1/incidents?state=open");
      assertThat(list.status()).as(list.toString()).isEqualTo(200);
      assertThat(list.json().path("incidents").findValuesAsText("id")).containsExactly(id);

      Answer one = api.get("/v1/incidents/" + id);
      assertThat(one.status()).as(one.toString()).isEqualTo(200);
      JsonNode incident = one.json().path("incident");
      assertThat(incident.path("state").asText()).isEqualTo("open");
      assertThat(incident.path("layer").asText()).isEqualTo("LOAD_BALANCER");
      assertThat(incident.has("resolved_at") && incident.path("resolved_at").isNull()).isTrue();

      Answer bad = api.get("/v1/incidents?layer=edge");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.contentType()).isEqualTo("application/problem+json");
    }
  }

  @Test
  void aFailureIsA500WithAReferenceAndWithoutItsCause() {
    // A store kind nobody offers: the store cannot be built, so every request fails inside.
    try (HttpApi api = HttpApi.start(Map.of("probefleet.store.kind", "postgres"))) {
      Answer answer = api.get("/v1/incidents?target=shop");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(500);
      assertThat(answer.contentType()).isEqualTo("application/problem+json");
      JsonNode json = answer.json();
      assertThat(json.path("type").asText()).isEqualTo("urn:probefleet:problem:internal-error");
      assertThat(json.path("title").asText()).isEqualTo("Internal Server Error");
      assertThat(json.path("detail").asText())
          .startsWith("the service failed to answer; its log has the cause under reference ");
      assertThat(answer.text()).doesNotContain("postgres", "probefleet.store", "Exception");
    }
  }
}
