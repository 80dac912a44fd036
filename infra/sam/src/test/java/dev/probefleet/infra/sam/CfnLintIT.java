package dev.probefleet.infra.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cfn-lint} (pinned in {@code localstack/requirements.txt}, installed into the project's
 * virtualenv by {@code make venv}) finds nothing in the template: no error, no warning, in two
 * regions. cfn-lint 1.58 validates SAM's own resource types against SAM's schema (it no longer runs
 * the SAM transform); the second test shows it does look at them.
 */
class CfnLintIT {

  @Test
  void cfnLintFindsNothing() throws IOException, InterruptedException {
    Lint lint = lint(SamTemplate.FILE);

    assertThat(lint.findings()).as("cfn-lint's findings").isEmpty();
    assertThat(lint.status()).as("cfn-lint's exit status").isZero();
  }

  @Test
  void cfnLintChecksTheServerlessResourcesToo() throws IOException, InterruptedException {
    String template = Files.readString(SamTemplate.FILE);
    String broken =
        template
            .replace("ApplyOn: PublishedVersions", "ApplyOn: Always")
            .replace(
                "      Handler: dev.probefleet.api.ApiFunction::handleRequest\n",
                "      Handler: dev.probefleet.api.ApiFunction::handleRequest\n      Memory: 1024\n");
    assertThat(broken).isNotEqualTo(template);
    Path copy = Files.createTempFile("template", ".yaml");
    try {
      Files.writeString(copy, broken);
      Lint lint = lint(copy);

      assertThat(lint.findings())
          .contains("E3030:'Always' is not one of")
          .contains("E3002:Additional properties are not allowed ('Memory' was unexpected)");
      assertThat(lint.status()).isNotZero();
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private record Lint(int status, String findings) {}

  private static Lint lint(Path template) throws IOException, InterruptedException {
    Path venv = Path.of(System.getProperty("probefleet.venv", ".venv"));
    Path cfnLint = venv.resolve("bin/cfn-lint");
    assertThat(cfnLint)
        .as("cfn-lint in the project virtualenv: run make venv (localstack/venv.sh)")
        .isExecutable();
    Path output = Files.createTempFile("cfn-lint", ".txt");
    try {
      Process process =
          new ProcessBuilder(
                  List.of(
                      cfnLint.toString(),
                      "--format",
                      "parseable",
                      "--regions",
                      "us-east-1",
                      "eu-west-1",
                      "--",
                      template.toString()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished = process.waitFor(180, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly().waitFor();
      }
      assertThat(finished).as("cfn-lint finished within 180 s").isTrue();
      return new Lint(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
