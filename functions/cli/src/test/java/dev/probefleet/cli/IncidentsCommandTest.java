package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probefleet incidents} and {@code probefleet incident ID}: their flags and every bad input,
 * in-process. Bad values are refused before any store is opened; the answers of a store with
 * history are {@link IncidentHistoryIT}'s.
 */
class IncidentsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void badValuesAreUsageErrorsNamingTheFlagWithTheApisMessage() {
    assertUsage(
        "incidents: --layer: 'LB' is not one of CDN, LOAD_BALANCER, ORIGIN, NETWORK, DNS, NONE,"
            + " INCONCLUSIVE",
        "incidents",
        "--layer",
        "LB");
    assertUsage(
        "incidents: --state: 'closed' is not open or resolved", "incidents", "--state", "closed");
    assertUsage(
        "incidents: --since: 'yesterday' is neither an ISO-8601 instant such as"
            + " 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
        "incidents",
        "--since",
        "yesterday");
    assertUsage("incidents: --until: '7 days' is neither", "incidents", "--until", "7 days");
    assertUsage(
        "incidents: --since: ", "incidents", "--since", "1h", "--until", "2h"); // since ≥ until
    assertUsage(
        "incidents: --limit: must be between 1 and 1000, got 0", "incidents", "--limit", "0");
    assertUsage(
        "incidents: --limit: must be between 1 and 1000, got 5000", "incidents", "--limit", "5000");
    assertUsage("incidents: --limit: 'ten' is not a whole number", "incidents", "--limit", "ten");
    assertUsage("incidents: --target: is empty", "incidents", "--target", " ");
    assertUsage(
        "incidents: --next: a continuation token continues one query",
        "incidents",
        "--next",
        "abc.def");
    assertUsage(
        "Invalid value for option '--output': expected one of [table, json]",
        "incidents",
        "--output",
        "xml");
    assertUsage("Unknown option: '--frobnicate'", "incidents", "--frobnicate");
    assertUsage(
        "incidents: --store: 'postgres' is not one of local, memory, aws, endpoint=URL",
        "incidents",
        "--store",
        "postgres");
    assertUsage(
        "incidents: --data " + dir.resolve("none") + ": no local store there",
        "incidents",
        "--data",
        dir.resolve("none").toString());
  }

  @Test
  void aTokenTheStoreDidNotIssueIsRefusedNamingNext() {
    assertUsage(
        "incidents: --next: ",
        "incidents",
        "--store",
        "memory",
        "--target",
        "shop",
        "--next",
        "not-a-token");
  }

  @Test
  void anEmptyHistoryIsATableSayingSoOrTheApisEmptyDocument() throws Exception {
    CommandRun table = CommandRun.of("incidents", "--store", "memory");
    assertThat(table.status()).as(table.err()).isZero();
    assertThat(table.out()).isEqualTo("No incidents match." + System.lineSeparator());

    CommandRun json =
        CommandRun.of("incidents", "--store", "memory", "--state", "open", "--output", "json");
    assertThat(json.status()).as(json.err()).isZero();
    JsonNode document = JSON.readTree(json.out());
    assertThat(document.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(document.path("incidents").isArray()).isTrue();
    assertThat(document.path("incidents")).isEmpty();
    assertThat(document.has("next")).isTrue();
    assertThat(document.path("next").isNull()).isTrue();
  }

  @Test
  void incidentNeedsAnIdAndAnUnknownOneIsExitOneSayingSo() {
    assertUsage("Missing required parameter: 'ID'", "incident");
    assertUsage("Unknown option: '--frobnicate'", "incident", "X", "--frobnicate");
    assertUsage(
        "Invalid value for option '--output': expected one of [text, json]",
        "incident",
        "X",
        "--output",
        "table");
    assertUsage("incident: ID: the incident id is empty", "incident", " ", "--store", "memory");

    CommandRun unknown =
        CommandRun.of("incident", "01JDQ8K3Z5T7N2V4X6B8C0D2E4", "--store", "memory");
    assertThat(unknown.status()).isEqualTo(ExitStatus.NOT_FOUND);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err())
        .isEqualTo(
            "incident: no incident has the id '01JDQ8K3Z5T7N2V4X6B8C0D2E4' in store memory"
                + System.lineSeparator());

    CommandRun typo = CommandRun.of("incident", "shop-42", "--store", "memory", "--output", "json");
    assertThat(typo.status()).isEqualTo(ExitStatus.NOT_FOUND);
    assertThat(typo.out()).isEmpty();
    assertThat(typo.err())
        .contains("no incident has the id 'shop-42'")
        .contains("ids are 26-character ULIDs");
  }

  @Test
  void theHelpShowsExamplesAndTheExitStatuses() {
    CommandRun incidents = CommandRun.of("incidents", "--help");
    assertThat(incidents.status()).isZero();
    assertThat(incidents.out())
        .startsWith("Usage: probefleet incidents")
        .contains("Examples:")
        .contains("probefleet incidents --target shop --since 7d")
        .contains("Exit status: 0 listed");
    CommandRun incident = CommandRun.of("incident", "--help");
    assertThat(incident.status()).isZero();
    assertThat(incident.out()).contains("Examples:").contains("1 no incident has this id");
  }

  static void assertUsage(String message, String... args) {
    CommandRun run = CommandRun.of(args);
    assertThat(run.status())
        .as(String.join(" ", args) + "\n" + run.err())
        .isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).as(String.join(" ", args)).contains(message);
    assertThat(run.out()).as(String.join(" ", args)).isEmpty();
  }
}
