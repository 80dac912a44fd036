package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code probefleet lab --fast}, the demo {@code make run} shows, in process: each scripted fault
 * opens exactly one incident with the layer and cause an SRE would name, it resolves once the fault
 * is repaired, and the history printed at the end lists them. Checked from what a newcomer reads —
 * the round lines' transitions and the history table — not from the script's own verdict.
 */
class LabCommandIT {
  /** What the steps must open, in order: the layer and cause an SRE would name. */
  private static final List<String> EXPECTED =
      List.of(
          "ORIGIN UPSTREAM_APP_DOWN",
          "LOAD_BALANCER UPSTREAM_CONNECT_FAILED",
          "CDN UPSTREAM_TLS_FAILED",
          "LOAD_BALANCER UPSTREAM_TIMEOUT");

  private static final Pattern TRANSITION =
      Pattern.compile("\\[((?:OPENED|UPDATED|RESOLVED) [0-9A-Z]{26}(?:, )?)+]");
  private static final Pattern EACH = Pattern.compile("(OPENED|UPDATED|RESOLVED) ([0-9A-Z]{26})");
  // ID  TARGET  LAYER  CAUSE  STATE  OPENED  DURATION  REGIONS, as probefleet incidents prints.
  private static final Pattern HISTORY_ROW =
      Pattern.compile(
          "^([0-9A-Z]{26}) +shop +([A-Z_]+) +([A-Z_0-9]+) +(open|resolved) +\\S+ \\S+ +\\S+ +local$",
          Pattern.MULTILINE);

  @Test
  void everyScriptedFaultOpensOneIncidentAtItsLayerAndCauseWhichResolves() {
    Instant start = Instant.now();
    CommandRun run = CommandRun.of("lab", "--fast");
    Duration took = Duration.between(start, Instant.now());

    assertThat(run.status()).as(run.err()).isZero();

    // Every transition the rounds announced, in order.
    List<String> opened = new ArrayList<>();
    List<String> resolved = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      if (!TRANSITION.matcher(line).find()) {
        continue;
      }
      Matcher each = EACH.matcher(line);
      while (each.find()) {
        switch (each.group(1)) {
          case "OPENED" -> opened.add(each.group(2));
          case "RESOLVED" -> resolved.add(each.group(2));
          default -> updated.add(each.group(2));
        }
      }
    }
    assertThat(opened).as(run.out()).hasSize(EXPECTED.size()).doesNotHaveDuplicates();
    assertThat(resolved).as(run.out()).containsExactlyElementsOf(opened);
    assertThat(updated).as("no incident changed its layer or cause").isEmpty();

    // The history at the end: one row per incident, newest first.
    String history = run.out().substring(run.out().indexOf("Incident history of shop:"));
    List<String> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Matcher row = HISTORY_ROW.matcher(history);
    while (row.find()) {
      assertThat(row.group(4)).as(row.group()).isEqualTo("resolved");
      rows.add(0, row.group(2) + " " + row.group(3));
      ids.add(0, row.group(1));
    }
    assertThat(rows).as(history).containsExactlyElementsOf(EXPECTED);
    assertThat(ids).containsExactlyElementsOf(opened);

    // Each alert carries its runbook; the narration names every step and the outcome.
    assertThat(run.out()).contains("=== ALERT").contains("Next steps:");
    assertThat(run.err())
        .contains("lab: step 1/6:")
        .contains("lab: step 6/6:")
        .contains("lab: every step went as expected");
    System.out.printf("lab --fast took %.1f s%n", took.toMillis() / 1000.0);
  }

  @Test
  void fastAndIntervalTogetherAreAUsageError() {
    CommandRun run = CommandRun.of("lab", "--fast", "--interval", "3s");

    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("lab: --fast sets the interval");
  }

  @Test
  void aSharedStoreIsRefusedForTheLabWouldReplaceItsTargets() {
    for (String store : List.of("aws", "endpoint=http://127.0.0.1:4566")) {
      CommandRun run = CommandRun.of("lab", "--store", store);

      assertThat(run.status()).as(store).isEqualTo(ExitStatus.USAGE);
      assertThat(run.out()).as(store).isEmpty();
      assertThat(run.err())
          .as(store)
          .contains("lab: --store: the lab keeps its history in memory or local")
          .contains("'" + store + "'");
    }
  }

  @Test
  void theScriptDecidesTheRoundsAndTheLabItsResolver() {
    for (String flag : List.of("--rounds=3", "--resolver=127.0.0.1:53")) {
      CommandRun run = CommandRun.of("lab", flag);

      assertThat(run.status()).as(flag).isEqualTo(ExitStatus.USAGE);
      assertThat(run.err()).as(flag).contains("Unknown option: '" + flag + "'");
    }
  }
}
