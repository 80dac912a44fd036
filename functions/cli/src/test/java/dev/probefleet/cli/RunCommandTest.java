package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probefleet run}: rounds on a schedule, analysed as they end; its flags and outputs. */
class RunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static Path refusedTarget(Path dir) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path file = dir.resolve("targets.yaml");
    Files.writeString(
        file,
        """
        targets:
          - name: shop
            paths:
              origin: {url: "http://127.0.0.1:%d/health", timeout: 1s}
        """
            .formatted(port),
        StandardCharsets.UTF_8);
    return file;
  }

  static List<JsonNode> lines(String out) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.strip().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void eachRoundIsOneJsonLineAndTheIncidentOpensOnTheSecondFailingRound() throws Exception {
    CommandRun run =
        CommandRun.of(
            "run",
            "--config",
            refusedTarget(dir).toString(),
            "--store",
            "memory",
            "--interval",
            "2s",
            "--rounds",
            "2",
            "--output",
            "json");

    assertThat(run.status()).as(run.err()).isZero();
    List<JsonNode> rounds = lines(run.out());
    assertThat(rounds).hasSize(2);
    assertThat(rounds).extracting(r -> r.path("round").asInt()).containsExactly(1, 2);
    assertThat(rounds.get(1).path("slot").asText())
        .as("rounds in consecutive slots, never two in one")
        .isGreaterThan(rounds.get(0).path("slot").asText());
    for (JsonNode round : rounds) {
      assertThat(round.path("schemaVersion").asInt()).isEqualTo(1);
      assertThat(round.path("failing").asInt()).isEqualTo(1);
      // The prober's own load during the round, as the probe function reports it.
      JsonNode prober = round.path("prober");
      assertThat(prober.path("timer_lateness_ms").path("p99").isNumber())
          .as(prober.toString())
          .isTrue();
      assertThat(prober.path("cpu_ms").isIntegralNumber()).as(prober.toString()).isTrue();
      assertThat(prober.path("cpu_utilisation").isNumber()).as(prober.toString()).isTrue();
      assertThat(prober.path("overloaded").asInt(-1)).isZero();
      JsonNode shop = round.path("targets").get(0);
      assertThat(shop.path("name").asText()).isEqualTo("shop");
      assertThat(shop.path("verdict").path("layer").asText()).isEqualTo("ORIGIN");
      assertThat(shop.path("verdict").path("cause").asText()).isEqualTo("CONNECTION_REFUSED");
    }
    // The incident policy opens an incident once the fault held for two rounds.
    assertThat(rounds.get(0).path("targets").get(0).path("transitions")).isEmpty();
    JsonNode opened = rounds.get(1).path("targets").get(0).path("transitions").get(0);
    assertThat(opened.path("kind").asText()).isEqualTo("OPENED");
    assertThat(rounds.get(1).path("alerts").path("published").asInt()).isEqualTo(1);
    // With JSON on stdout, the console alert goes to stderr.
    assertThat(run.err()).contains("=== ALERT").contains("OPENED ORIGIN CONNECTION_REFUSED");
  }

  @Test
  void textModePrintsARoundLineAndATargetLine() throws Exception {
    CommandRun run =
        CommandRun.of(
            "run",
            "--config",
            refusedTarget(dir).toString(),
            "--store",
            "memory",
            "--interval",
            "2s",
            "--rounds",
            "1");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("round 1 \\(slot [0-9T:-]+Z\\): 1 target\\(s\\), 1 path\\(s\\), 1 failing")
        .containsPattern("\\n  shop +ORIGIN CONNECTION_REFUSED PAGE");
    assertThat(run.err()).contains("run: 1 target(s) from").contains("store memory");
  }

  @Test
  void badFlagsAreUsageErrorsNamingTheFlag() throws Exception {
    String config = refusedTarget(dir).toString();
    assertUsage(
        "--interval must be between 1s and 1h, got PT0.5S",
        "run",
        "--config",
        config,
        "--interval",
        "500ms");
    assertUsage(
        "--store: 'postgres' is not one of local, memory, aws, endpoint=URL",
        "run",
        "--config",
        config,
        "--store",
        "postgres");
    assertUsage(
        "--rounds must not be negative, got -1", "run", "--config", config, "--rounds", "-1");
    assertUsage("Missing required option: '--config=FILE'", "run");
    assertUsage(
        "--http: 'localhost:70000': the port must be 0 to 65535",
        "run",
        "--config",
        config,
        "--http",
        "localhost:70000");
    assertUsage(
        "Invalid value for option '--output'", "run", "--config", config, "--output", "xml");
  }

  @Test
  void aTargetsFileWithProblemsIsAUsageErrorNamingThem() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "targets:\n  - name: shop\n", StandardCharsets.UTF_8);
    CommandRun run = CommandRun.of("run", "--config", bad.toString(), "--store", "memory");
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err())
        .contains("problem(s) in the targets file")
        .contains("bad.yaml:2:5: targets[0]: missing required key 'paths'");
    assertThat(run.out()).isEmpty();
  }

  private static void assertUsage(String message, String... args) {
    CommandRun run = CommandRun.of(args);
    assertThat(run.status()).as(String.join(" ", args)).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).as(String.join(" ", args)).contains(message);
    assertThat(run.out()).as(String.join(" ", args)).isEmpty();
  }
}
