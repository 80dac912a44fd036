package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.api.ApiServer;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.runbook.Runbook;
import dev.probefleet.runbook.RunbookStep;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probefleet incidents} and {@code probefleet incident ID} on the local store that a real
 * {@code probefleet run} (the packaged jar, another process) writes: while the run is running —
 * DynamoDB Local's files are that process's, so the commands attach to the endpoint it recorded —
 * and after it stopped, when they open the files themselves. The incident is the run's own: a
 * loopback port that refuses connections, attributed to the origin.
 */
class IncidentHistoryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theHistoryOfARunIsListedAndShownWhileItRunsAndAfterItStopped() throws Exception {
    Path config = RunCommandTest.refusedTarget(dir);
    Path data = dir.resolve("data");
    String incident;
    try (RunProcess run =
        RunProcess.start(
            dir,
            "run",
            "--config",
            config.toString(),
            "--data",
            data.toString(),
            "--interval",
            "1s",
            "--output",
            "json")) {
      String opened = run.awaitLine(line -> line.contains("\"OPENED\""), Duration.ofSeconds(90));
      incident =
          JSON.readTree(opened)
              .path("targets")
              .get(0)
              .path("transitions")
              .get(0)
              .path("incident_id")
              .asText();
      assertThat(incident).isNotBlank();

      // The run serves the data directory: the endpoint it recorded names its process.
      List<String> endpoint = Files.readAllLines(data.resolve("dynamodb.endpoint"));
      assertThat(endpoint.get(1)).isEqualTo(String.valueOf(run.pid()));

      assertTheHistoryShows(data, incident, "open");
      assertTheApiAnswersTheSameDocuments(data, incident);

      assertThat(run.stop(Duration.ofSeconds(30))).as(run.stderr()).isIn(0, 130, 143);
    }
    assertThat(data.resolve("dynamodb.endpoint")).as("the run let go of its store").doesNotExist();

    // Nobody serves the directory now: each command opens DynamoDB Local on the files itself.
    assertTheHistoryShows(data, incident, "open");
    assertThat(data.resolve("dynamodb.endpoint")).as("and let go of it").doesNotExist();
  }

  private static void assertTheHistoryShows(Path data, String incident, String state)
      throws Exception {
    CommandRun json = CommandRun.of("incidents", "--data", data.toString(), "--output", "json");
    assertThat(json.status()).as(json.err()).isZero();
    JsonNode list = JSON.readTree(json.out());
    assertThat(list.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(list.path("incidents")).hasSize(1);
    JsonNode listed = list.path("incidents").get(0);
    assertThat(listed.path("id").asText()).isEqualTo(incident);
    assertThat(listed.path("target").asText()).isEqualTo("shop");
    assertThat(listed.path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(listed.path("cause").asText()).isEqualTo("CONNECTION_REFUSED");
    assertThat(listed.path("state").asText()).isEqualTo(state);

    CommandRun table = CommandRun.of("incidents", "--data", data.toString(), "--target", "shop");
    assertThat(table.status()).as(table.err()).isZero();
    assertThat(table.out().lines().toList().get(0)).startsWith("ID ").contains("REGIONS");
    assertThat(table.out())
        .containsPattern(
            "\n" + incident + "  shop +ORIGIN +CONNECTION_REFUSED +" + state + " +20\\d\\d-");

    CommandRun text = CommandRun.of("incident", incident, "--data", data.toString());
    assertThat(text.status()).as(text.err()).isZero();
    assertThat(text.out())
        .startsWith("incident  " + incident + "\ntarget    shop\n")
        .contains("layer     ORIGIN\n")
        .contains("cause     CONNECTION_REFUSED\n")
        .containsPattern(
            "Timeline \\(oldest first\\):\n  20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  OPENED #1"
                + "  ORIGIN CONNECTION_REFUSED PAGE ")
        .containsPattern(
            "\n      origin\\[0\\]: CONNECTION_REFUSED .*http://127\\.0\\.0\\.1:\\d+/health")
        .containsPattern("\n      alert [^ ]+: (published|pending since) 20");
    List<RunbookStep> steps = Runbook.stepsFor(Layer.ORIGIN, Cause.CONNECTION_REFUSED);
    assertThat(steps).isNotEmpty();
    assertThat(text.out())
        .contains("\nRunbook (ORIGIN / CONNECTION_REFUSED):\n   1. " + steps.get(0).action());

    CommandRun document =
        CommandRun.of("incident", incident, "--data", data.toString(), "--output", "json");
    assertThat(document.status()).as(document.err()).isZero();
    JsonNode shown = JSON.readTree(document.out());
    assertThat(shown.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(shown.path("incident").path("id").asText()).isEqualTo(incident);
    assertThat(shown.path("timeline").get(0).path("kind").asText()).isEqualTo("OPENED");
    assertThat(
            shown
                .path("timeline")
                .get(0)
                .path("evidence")
                .path("paths")
                .path("origin")
                .get(0)
                .path("class")
                .asText())
        .isEqualTo("CONNECTION_REFUSED");
    assertThat(shown.path("runbook")).hasSize(steps.size());
  }

  /**
   * The query API on the same store (attached, as the run serves it) answers the very documents the
   * commands print: the same records, written by the same Micronaut JSON mapper.
   */
  private static void assertTheApiAnswersTheSameDocuments(Path data, String incident)
      throws Exception {
    try (ApplicationContext api =
            ApiServer.start(
                Map.of(
                    "micronaut.server.port",
                    -1,
                    "probefleet.store.kind",
                    "local",
                    "probefleet.store.data-dir",
                    data.toString(),
                    "probefleet.home-region",
                    "us-east-1"));
        HttpClient http = HttpClient.newHttpClient()) {
      URI base = URI.create("http://127.0.0.1:" + api.getBean(EmbeddedServer.class).getPort());
      JsonNode list = get(http, base.resolve("/v1/incidents?target=shop"));
      JsonNode one = get(http, base.resolve("/v1/incidents/" + incident));

      CommandRun listed =
          CommandRun.of(
              "incidents", "--data", data.toString(), "--target", "shop", "--output", "json");
      CommandRun shown =
          CommandRun.of("incident", incident, "--data", data.toString(), "--output", "json");
      assertThat(JSON.readTree(listed.out())).isEqualTo(list);
      assertThat(JSON.readTree(shown.out())).isEqualTo(one);
    }
  }

  private static JsonNode get(HttpClient http, URI uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
