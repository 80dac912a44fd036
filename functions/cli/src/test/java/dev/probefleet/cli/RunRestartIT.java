package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probefleet run} on the local store: a restart finds the history it left. */
class RunRestartIT {

  @Test
  void aRestartedRunKnowsTheIncidentItLeftOpen(@TempDir Path dir) throws Exception {
    Path config = RunCommandTest.refusedTarget(dir);
    String data = dir.resolve("data").toString();

    // Three rounds, two seconds apart: the incident opens once two rounds have failed, whichever
    // round that is on a loaded machine (a first round can be late while the store starts).
    CommandRun first = run(config, data, 3);
    assertThat(first.status()).as(first.err()).isZero();
    List<JsonNode> opened = transitions(first, "OPENED");
    assertThat(opened).as(first.out()).hasSize(1);
    String incident = opened.get(0).path("incident_id").asText();
    assertThat(incident).isNotBlank();

    // A run restarted within the slot its predecessor probed finds that slot analysed already
    // (its rounds are kept, first write wins): start the next run in a later slot.
    Thread.sleep(2_100);
    CommandRun again = run(config, data, 1);
    assertThat(again.status()).as(again.err()).isZero();
    List<JsonNode> rounds = RunCommandTest.lines(again.out());
    JsonNode shop = rounds.get(0).path("targets").get(0);
    // Still failing, and the open incident is the one from before the restart: no new OPENED,
    // no second alert.
    assertThat(shop.path("verdict").path("layer").asText()).as(again.out()).isEqualTo("ORIGIN");
    assertThat(shop.path("transitions")).as(again.out()).isEmpty();
    assertThat(rounds.get(0).path("alerts").path("published").asInt()).isZero();
    assertThat(again.err()).doesNotContain("=== ALERT");
  }

  private static CommandRun run(Path config, String data, int rounds) throws Exception {
    return CommandRun.of(
        "run",
        "--config",
        config.toString(),
        "--data",
        data,
        "--interval",
        "2s",
        "--rounds",
        String.valueOf(rounds),
        "--output",
        "json");
  }

  private static List<JsonNode> transitions(CommandRun run, String kind) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode round : RunCommandTest.lines(run.out())) {
      for (JsonNode target : round.path("targets")) {
        for (JsonNode transition : target.path("transitions")) {
          if (transition.path("kind").asText().equals(kind)) {
            found.add(transition);
          }
        }
      }
    }
    return found;
  }
}
