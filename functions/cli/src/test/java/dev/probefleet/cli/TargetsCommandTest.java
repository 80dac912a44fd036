package dev.probefleet.cli;

import static dev.probefleet.cli.IncidentsCommandTest.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.aws.dynamodb.ItemSize;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probefleet targets validate} and {@code targets apply}: their flags and every bad input,
 * in-process, on no store or the in-memory one; applying to a kept store is {@link
 * TargetsApplyIT}'s.
 */
class TargetsCommandTest {
  @TempDir Path dir;

  static final String TWO_TARGETS =
      """
      targets:
        - name: shop
          paths:
            cdn: {url: "https://shop.example.com/health"}
            lb: {url: "https://my-alb.example.com/health", host: shop.example.com, caFile: ca.pem}
            origin:
              - {url: "http://10.0.1.23:8080/health", host: shop.example.com}
              - {url: "http://10.0.1.24:8080/health", host: shop.example.com}
        - name: blog
          paths:
            origin: {url: "http://10.0.2.10/health"}
      """;

  @Test
  void aValidFileIsExitZeroWithAOneLineSummary() throws Exception {
    TargetsFiles.write(dir, "ca.pem", TargetsFiles.caBundle(1));
    Path file = TargetsFiles.write(dir, "targets.yaml", TWO_TARGETS);

    CommandRun run = CommandRun.of("targets", "validate", file.toString());

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            file
                + ": valid, 2 target(s), 5 path(s) (1 cdn, 1 lb, 3 origin)"
                + System.lineSeparator());
    assertThat(run.err()).isEmpty();
  }

  @Test
  void everyProblemOfAMalformedFileIsALineOfItsOwnAsFileLineColumnField() throws Exception {
    Path file =
        TargetsFiles.write(
            dir,
            "bad.yaml",
            """
            targets:
              - name: shop
                paths:
                  lb: {url: "https://lb.example.com/health", timout: 5s}
              - name: shop
                paths:
                  origin: {url: "ftp://10.0.0.1/health"}
            """);

    CommandRun run = CommandRun.of("targets", "validate", file.toString());

    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    List<String> lines = run.err().lines().toList();
    assertThat(lines)
        .contains(
            file + ":4:50: targets[0].paths.lb: unknown key 'timout' (did you mean 'timeout'?)");
    assertThat(lines.subList(0, lines.size() - 1))
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(
            line ->
                line.matches(
                    java.util.regex.Pattern.quote(file.toString())
                        + ":\\d+:\\d+: targets\\[\\d\\][^:]*: .+"));
    assertThat(lines.getLast())
        .isEqualTo("targets validate: " + (lines.size() - 1) + " problem(s) in " + file);
  }

  @Test
  void aMissingFileAndBadRulesAreNamed() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    assertUsage(
        missing + ": cannot read the file: no such file",
        "targets",
        "validate",
        missing.toString());

    TargetsFiles.write(
        dir, "rules.yaml", "rules:\n  - id: acme\n    signals: [{body: '(unclosed'}]\n");
    Path file =
        TargetsFiles.write(
            dir,
            "targets.yaml",
            "fingerprintRules: rules.yaml\n"
                + "targets:\n  - name: shop\n    paths:\n      origin: {url: \"http://10.0.0.1/\"}\n");
    assertUsage("targets validate: rules.yaml", "targets", "validate", file.toString());
  }

  /**
   * A 220 KB CA bundle is a fine file, but named by two paths of one target it is inlined twice:
   * the target's registry item would pass DynamoDB's 400 KB, which DynamoDB would refuse only when
   * the item is written, after the targets before it.
   */
  @Test
  void aTargetTooLargeForTheRegistryIsNamedWithItsSizeAndNothingIsWritten() throws Exception {
    TargetsFiles.write(dir, "ca.pem", TargetsFiles.caBundle(220 * 1024));
    Path file =
        TargetsFiles.write(
            dir,
            "big.yaml",
            """
            targets:
              - name: small
                paths:
                  origin: {url: "http://10.0.0.1/health"}
              - name: big
                paths:
                  cdn: {url: "https://big.example.com/health", caFile: ca.pem}
                  lb: {url: "https://lb.example.com/health", host: big.example.com, caFile: ca.pem}
            """);

    for (String[] args :
        List.of(
            new String[] {"targets", "validate", file.toString()},
            new String[] {"targets", "apply", file.toString(), "--store", "memory"},
            new String[] {"targets", "apply", file.toString(), "--store", "memory", "--dry-run"})) {
      CommandRun run = CommandRun.of(args);
      assertThat(run.status()).as(String.join(" ", args)).isEqualTo(ExitStatus.USAGE);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .containsPattern(
              "(?m)^"
                  + java.util.regex.Pattern.quote(file.toString())
                  + ": targets\\[1\\]: target 'big' would be stored in the registry as 4\\d{5}"
                  + " bytes, over DynamoDB's 400 KB item limit \\("
                  + ItemSize.MAX_BYTES
                  + " bytes\\)")
          .doesNotContain("'small'");
    }
  }

  @Test
  void applyPlansOrAppliesAndSaysWhatChanged() throws Exception {
    TargetsFiles.write(dir, "ca.pem", TargetsFiles.caBundle(1));
    Path file = TargetsFiles.write(dir, "targets.yaml", TWO_TARGETS);

    CommandRun plan =
        CommandRun.of("targets", "apply", file.toString(), "--store", "memory", "--dry-run");
    assertThat(plan.status()).as(plan.err()).isZero();
    assertThat(plan.out().lines())
        .containsExactly(
            "+ shop (would be added)",
            "+ blog (would be added)",
            "dry run, nothing written: added 2, changed 0, removed 0, unchanged 0 (store memory)");

    CommandRun apply = CommandRun.of("targets", "apply", file.toString(), "--store", "memory");
    assertThat(apply.status()).as(apply.err()).isZero();
    assertThat(apply.out().lines())
        .containsExactly(
            "+ shop (added)",
            "+ blog (added)",
            "added 2, changed 0, removed 0, unchanged 0 (store memory)");
  }

  @Test
  void badUsageOfTargetsIsExitTwoNamingWhatIsWrong() throws Exception {
    Path file = TargetsFiles.write(dir, "bad.yaml", "targets:\n  - name: shop\n");
    CommandRun malformed = CommandRun.of("targets", "apply", file.toString(), "--store", "memory");
    assertThat(malformed.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(malformed.out()).isEmpty();
    assertThat(malformed.err())
        .startsWith(file + ":2:5: targets[0]: missing required key 'paths'")
        .contains("targets apply: nothing was written");

    assertUsage("Missing required parameter: 'FILE'", "targets", "validate");
    assertUsage("Missing required parameter: 'FILE'", "targets", "apply");
    assertUsage("Unknown option: '--prune'", "targets", "apply", file.toString(), "--prune");
    assertUsage(
        "targets apply: --store: 'dynamo' is not one of local, memory, aws, endpoint=URL",
        "targets",
        "apply",
        TargetsFiles.write(
                dir,
                "ok.yaml",
                "targets:\n  - name: a\n    paths:\n      origin: {url: \"http://10.0.0.1/\"}\n")
            .toString(),
        "--store",
        "dynamo");
    assertUsage("Missing required subcommand", "targets");
    assertUsage(
        "probefleet targets: unknown command 'nosuch' (commands: apply, validate)",
        "targets",
        "nosuch",
        "--help");
  }

  @Test
  void theHelpOfEachShowsExamples() {
    for (String[] args :
        List.of(
            new String[] {"targets", "--help"},
            new String[] {"targets", "validate", "--help"},
            new String[] {"targets", "apply", "--help"})) {
      CommandRun run = CommandRun.of(args);
      assertThat(run.status()).isZero();
      assertThat(run.out()).contains("Examples:").contains("Exit status:");
    }
  }
}
