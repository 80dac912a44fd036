package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probefleet explain} as DESIGN §3 specifies its input, output and exit statuses. */
class ExplainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void aSavedHaproxyPageIsAttributedToHaproxyWithTheContractKeys() throws Exception {
    Path page =
        file(
            "resp.json",
            new String(
                getClass()
                    .getResourceAsStream("/dev/probefleet/captures/haproxy/refused.json")
                    .readAllBytes(),
                StandardCharsets.UTF_8));
    CommandRun run = CommandRun.of("explain", "--response", page.toString());
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode out = JSON.readTree(run.out());
    assertThat(out.path("generator").asText()).isEqualTo("haproxy");
    assertThat(out.path("role").asText()).isEqualTo("LOAD_BALANCER");
    assertThat(out.path("passed_through").isArray()).isTrue();
    assertThat(out.path("meaning").asText()).containsIgnoringCase("no server");
    assertThat(out.path("score").asDouble()).isBetween(0.5, 1.0);
    assertThat(out.path("signals").get(0).fieldNames())
        .toIterable()
        .containsExactly("id", "where", "weight");
  }

  @Test
  void theDocumentedMinimalDocumentWorks() throws Exception {
    Path page =
        file(
            "resp.json",
            "{\"status\": 502, \"headers\": {\"Server\": \"nginx\", \"Set-Cookie\": [\"a\", \"b\"]},"
                + " \"body\": \"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad"
                + " Gateway</h1></center><hr><center>nginx</center></body></html>\"}");
    CommandRun run = CommandRun.of("explain", "--response", page.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("generator").asText()).isEqualTo("nginx");
  }

  @Test
  void aLogLineGetsItsCauseAndNextSteps() throws Exception {
    CommandRun run =
        CommandRun.of(
            "explain",
            "--log-line",
            "2026/11/24 09:33:10 [error] 7#7: *1 connect() failed (111: Connection refused) while"
                + " connecting to upstream, client: 10.0.0.9, server: shop, request: \"GET /health"
                + " HTTP/1.1\", upstream: \"http://10.0.1.23:8080/health\", host: \"shop.example.com\"");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode out = JSON.readTree(run.out());
    assertThat(out.path("software").asText()).isEqualTo("nginx");
    assertThat(out.path("cause").asText()).isEqualTo("UPSTREAM_CONNECT_FAILED");
    assertThat(out.path("next_steps").toString()).contains("10.0.1.23");
  }

  @Test
  void aBadDocumentIsAUsageErrorNamingTheFileAndField() throws Exception {
    Path bad = file("bad.json", "{\"status\": \"502\", \"body\": \"x\"}");
    CommandRun run = CommandRun.of("explain", "--response", bad.toString());
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(bad.toString()).contains("'status'");
  }

  @Test
  void aMissingFileIsAUsageError() {
    CommandRun run = CommandRun.of("explain", "--response", dir.resolve("nope.json").toString());
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("nope.json");
  }

  @Test
  void responseAndLogLineAreExclusive() throws Exception {
    CommandRun run =
        CommandRun.of("explain", "--response", file("r.json", "{}").toString(), "--log-line", "x");
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("mutually exclusive");
  }
}
