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
 * virtualenv by {@code make venv}) finds nothing in the template: no error, no warning. It runs the
 * SAM transform itself (aws-sam-translator, offline) and checks the resulting CloudFormation against
 * the resource specifications it ships.
 */
class CfnLintIT {

  @Test
  void cfnLintFindsNothing() throws IOException, InterruptedException {
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
                      SamTemplate.FILE.toString()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished = process.waitFor(180, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String findings = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(finished).as("cfn-lint finished within 180 s").isTrue();
      assertThat(findings).as("cfn-lint's findings").isEmpty();
      assertThat(process.exitValue()).as("cfn-lint's exit status").isZero();
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
