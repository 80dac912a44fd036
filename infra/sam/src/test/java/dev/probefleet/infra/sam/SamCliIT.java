package dev.probefleet.infra.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first deploy step as a user runs it, up to where AWS is needed: the pinned SAM CLI
 * ({@code infra/sam/requirements.txt}, in {@code infra/sam/.venv}) validates and lints the
 * template, and {@code sam build} takes the packages as they are and points the built template at
 * the same zips. Both run offline, without credentials: a clean environment, an empty home
 * directory, telemetry off.
 */
class SamCliIT {
  private Path home;

  @BeforeEach
  void emptyHome() throws IOException {
    home = Files.createTempDirectory("sam-home");
  }

  @AfterEach
  void removeHome() throws IOException {
    delete(home);
  }

  @Test
  void samValidateWithLintFindsATemplateWithoutFault() throws Exception {
    Run run = sam("validate", "--lint", "--template", SamTemplate.FILE.toString());

    assertThat(run.output()).contains("is a valid SAM Template");
    assertThat(run.status()).as(run.output()).isZero();
  }

  @Test
  void samBuildKeepsThePackagesTheBuildProduced() throws Exception {
    Path build = home.resolve("build");
    Run run =
        sam("build", "--template", SamTemplate.FILE.toString(), "--build-dir", build.toString());

    assertThat(run.status()).as(run.output()).isZero();
    Map<String, Object> built = CloudFormationYaml.load(build.resolve("template.yaml"));
    SamTemplate template = SamTemplate.load();
    for (String id : template.ofType("AWS::Serverless::Function").keySet()) {
      Object codeUri =
          SamTemplate.map(
                  SamTemplate.map(SamTemplate.map(built.get("Resources"), "Resources").get(id), id)
                      .get("Properties"),
                  id + ".Properties")
              .get("CodeUri");
      Path original =
          template
              .file()
              .getParent()
              .resolve((String) template.function(id).get("CodeUri"))
              .normalize();
      assertThat(build.resolve((String) codeUri).normalize()).as(id).isEqualTo(original);
    }
  }

  private record Run(int status, String output) {}

  private Run sam(String... arguments) throws IOException, InterruptedException {
    Path venv = Path.of(System.getProperty("probefleet.sam.venv", "infra/sam/.venv"));
    Path sam = venv.resolve("bin/sam");
    assertThat(sam).as("the SAM CLI: run make venv (infra/sam/venv.sh)").isExecutable();

    List<String> command = new ArrayList<>(List.of(sam.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("SAM_CLI_TELEMETRY", "0");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    Path output = home.resolve("sam-output.txt");
    Process process =
        builder
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = process.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(finished).as("sam %s finished within 180 s: %s", arguments[0], text).isTrue();
    return new Run(process.exitValue(), text);
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
