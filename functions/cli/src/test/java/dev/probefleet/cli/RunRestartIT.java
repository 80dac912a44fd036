package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probefleet run} on the local store: a restart finds the history it left. */
class RunRestartIT {

  @Test
  void aRestartedRunKnowsTheIncidentItLeftOpen(@TempDir Path dir) throws Exception {
    Path config = RunCommandTest.refusedTarget(dir);
    String data = dir.resolve("data").toString();

    CommandRun first =
        CommandRun.of(
            "run",
            "--config",
            config.toString(),
            "--data",
            data,
            "--interval",
            "1s",
            "--rounds",
            "2",
            "--output",
            "json");
    assertThat(first.status()).as(first.err()).isZero();
    JsonNode opened =
        RunCommandTest.lines(first.out()).get(1).path("targets").get(0).path("transitions").get(0);
    assertThat(opened.path("kind").asText()).isEqualTo("OPENED");
    String incident = opened.path("incident_id").asText();

    // A run restarted within the slot its predecessor probed finds that slot analysed already
    // (its rounds are kept, first write wins): start the next run in a later slot.
    Thread.sleep(1_100);
    CommandRun again =
        CommandRun.of(
            "run",
            "--config",
            config.toString(),
            "--data",
            data,
            "--interval",
            "1s",
            "--rounds",
            "1",
            "--output",
            "json");
    assertThat(again.status()).as(again.err()).isZero();
    List<JsonNode> rounds = RunCommandTest.lines(again.out());
    JsonNode shop = rounds.get(0).path("targets").get(0);
    // Still failing, and the open incident is the one from before the restart: no new OPENED,
    // no second alert.
    assertThat(shop.path("verdict").path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(shop.path("transitions")).isEmpty();
    assertThat(rounds.get(0).path("alerts").path("published").asInt()).isZero();
    assertThat(again.err()).doesNotContain("=== ALERT");
    assertThat(incident).isNotBlank();
  }
}
