package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probefleet diagnose}'s contract: exit statuses, one JSON document, errors on stderr. */
class DiagnoseCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Path targets(String yaml) throws IOException {
    Path file = dir.resolve("targets.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aHealthyTargetExitsZeroWithOneJsonDocument() throws Exception {
    try (FaultHttpServer origin = FaultHttpServer.start(Reply.ok().withBody("ok"))) {
      Path file =
          targets(
              """
              targets:
                - name: shop
                  expect: {bodyContains: "ok"}
                  paths:
                    origin: {url: "%s"}
              """
                  .formatted(origin.url("/health")));
      CommandRun run = CommandRun.of("diagnose", "--config", file.toString(), "--output", "json");
      assertThat(run.status()).as(run.err()).isZero();
      JsonNode report = JSON.readTree(run.out());
      assertThat(report.path("schemaVersion").asInt()).isEqualTo(1);
      assertThat(report.path("targets").get(0).path("verdict").path("layer").asText())
          .isEqualTo("NONE");
      assertThat(report.path("targets").get(0).path("paths").has("cdn")).isFalse();
      assertThat(report.path("targets").get(0).path("paths").path("origin").isArray()).isTrue();
      // exactly one document: nothing after it but the newline
      assertThat(run.out().strip()).startsWith("{").endsWith("}");
      assertThat(run.out().strip().lines()).hasSize(1);
    }
  }

  @Test
  void anOutageExitsOne() throws Exception {
    Path file =
        targets(
            """
            targets:
              - name: shop
                paths:
                  origin: {url: "http://127.0.0.1:%d/health", timeout: 2s}
            """
                .formatted(closedPort()));
    CommandRun run = CommandRun.of("diagnose", "--config", file.toString(), "--output", "json");
    assertThat(run.status()).isEqualTo(ExitStatus.ALERT);
    JsonNode verdict = JSON.readTree(run.out()).path("targets").get(0).path("verdict");
    assertThat(verdict.path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(verdict.path("cause").asText()).isEqualTo("CONNECTION_REFUSED");
    assertThat(verdict.path("severity").asText()).isEqualTo("PAGE");
  }

  @Test
  void aBadTargetsFileExitsTwoWithNothingOnStdoutAndTheLineAndFieldOnStderr() throws Exception {
    Path file =
        targets(
            """
            targets:
              - name: shop
                paths:
                  lb: {url: "https://alb.example/health", timout: 10s}
            """);
    CommandRun run = CommandRun.of("diagnose", "--config", file.toString(), "--output", "json");
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(file + ":4:")
        .contains("targets[0].paths.lb: unknown key 'timout' (did you mean 'timeout'?)");
  }

  @Test
  void aMissingTargetsFileExitsTwo() {
    CommandRun run = CommandRun.of("diagnose", "--config", dir.resolve("none.yaml").toString());
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("none.yaml");
  }

  @Test
  void badFlagsExitTwoAndNameTheFlag() throws Exception {
    Path file =
        targets("targets:\n  - name: x\n    paths: {origin: {url: \"http://127.0.0.1:1/\"}}\n");
    CommandRun rounds = CommandRun.of("diagnose", "--config", file.toString(), "--rounds", "0");
    assertThat(rounds.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(rounds.err()).contains("--rounds must be between 1 and 1000, got 0");
    assertThat(rounds.out()).isEmpty();

    CommandRun interval =
        CommandRun.of("diagnose", "--config", file.toString(), "--interval", "10");
    assertThat(interval.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(interval.err()).contains("'10' has no unit; write 10s or 10000ms");

    CommandRun zero = CommandRun.of("diagnose", "--config", file.toString(), "--interval", "0s");
    assertThat(zero.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(zero.err()).contains("'0s' must be more than zero");

    CommandRun output = CommandRun.of("diagnose", "--config", file.toString(), "--output", "yaml");
    assertThat(output.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(output.err()).contains("--output");

    CommandRun resolver =
        CommandRun.of("diagnose", "--config", file.toString(), "--resolver", "dns.example:53");
    assertThat(resolver.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(resolver.err()).contains("--resolver dns.example:53");
  }

  @Test
  void textOutputIsReadable() throws Exception {
    Path file =
        targets(
            """
            targets:
              - name: shop
                paths:
                  origin: {url: "http://127.0.0.1:%d/health", timeout: 2s}
            """
                .formatted(closedPort()));
    CommandRun run = CommandRun.of("diagnose", "--config", file.toString());
    assertThat(run.status()).isEqualTo(ExitStatus.ALERT);
    assertThat(run.out()).startsWith("shop: ORIGIN CONNECTION_REFUSED (PAGE");
  }
}
