package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/probefleet} as a user runs it: the launcher finds a JDK ≥ 21 and runs the packaged
 * jar, whose rules and resources are all inside it.
 */
class LauncherIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private Result run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    Path launcher = Path.of(System.getProperty("probefleet.root", "../.."), "bin", "probefleet");
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    // the launcher must find a JDK >= 21 itself, whatever JAVA_HOME says
    builder.environment().remove("JAVA_HOME");
    env.forEach(
        (name, value) -> {
          if (value.isEmpty()) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    Process p = builder.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void printsItsVersionOnAJdkOf21OrNewer() throws Exception {
    Result r = run("--version");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("probefleet ");
    int feature =
        Integer.parseInt(r.out().lines().toList().get(1).replaceAll("^Java (\\d+).*", "$1"));
    assertThat(feature).isGreaterThanOrEqualTo(21);
  }

  @Test
  void printsTheProjectsVersion() throws Exception {
    Result r = run("--version");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().toList().get(0))
        .isEqualTo("probefleet " + ProbefleetCommand.Version.projectVersion());
  }

  @Test
  void appliesTargetsThenListsTheHistoryOfTheLocalStoreAsJson() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    Path data = dir.resolve("data");
    Result apply = run("targets", "apply", targets.toString(), "--data", data.toString());
    assertThat(apply.exit()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("added 1, changed 0, removed 0, unchanged 0");

    Result incidents = run("incidents", "--data", data.toString(), "--output", "json");
    assertThat(incidents.exit()).as(incidents.err()).isZero();
    JsonNode document = JSON.readTree(incidents.out());
    assertThat(document.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(document.path("incidents").isArray()).isTrue();
    assertThat(document.path("incidents")).isEmpty();
    assertThat(document.path("next").isNull()).isTrue();

    Result unknown = run("incident", "01JDQ8K3Z5T7N2V4X6B8C0D2E4", "--data", data.toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).contains("no incident has the id '01JDQ8K3Z5T7N2V4X6B8C0D2E4'");

    Result badLayer = run("incidents", "--data", data.toString(), "--layer", "LB");
    assertThat(badLayer.exit()).isEqualTo(2);
    assertThat(badLayer.out()).isEmpty();
    assertThat(badLayer.err()).startsWith("incidents: --layer: 'LB' is not one of CDN,");
  }

  @Test
  void validatingABadTargetsFileIsExitTwoWithFileLineColumnOnStderr() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "targets:\n  - name: shop\n    pathz: {}\n");
    Result r = run("targets", "validate", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines())
        .contains(bad + ":3:5: targets[0]: unknown key 'pathz' (did you mean 'paths'?)");
  }

  @Test
  void explainsASavedResponseAndALogLineFromThePackagedRules() throws Exception {
    Path page = dir.resolve("page.json");
    Files.writeString(
        page,
        new String(
            getClass()
                .getResourceAsStream("/dev/probefleet/captures/nginx/timeout.json")
                .readAllBytes(),
            StandardCharsets.UTF_8));
    Result response = run("explain", "--response", page.toString());
    assertThat(response.exit()).as(response.err()).isZero();
    JsonNode fingerprint = JSON.readTree(response.out());
    assertThat(fingerprint.path("generator").asText()).isEqualTo("nginx");

    Result line =
        run(
            "explain",
            "--log-line",
            "127.0.0.1:52032 [24/Nov/2026:09:33:10.377] fe be/app 0/0/-1/-1/1001 503 217 - - SC--"
                + " 1/1/0/0/1 0/0 \"GET /health HTTP/1.1\"");
    assertThat(line.exit()).as(line.err()).isZero();
    JsonNode explanation = JSON.readTree(line.out());
    assertThat(explanation.path("software").asText()).isEqualTo("haproxy");
    assertThat(explanation.path("cause").asText()).isEqualTo("UPSTREAM_CONNECT_FAILED");
    assertThat(explanation.path("next_steps").size()).isPositive();
  }

  @Test
  void anUnknownCommandWithHelpIsExitTwoNamingIt() throws Exception {
    Result r = run("nosuch", "--help");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("probefleet: unknown command 'nosuch'");
  }

  @Test
  void runOnAwsWithoutARegionIsExitTwoSayingSo() throws Exception {
    Path targets = RunCommandTest.refusedTarget(dir);
    Result r =
        run(
            Map.of(
                "AWS_REGION", "",
                "AWS_DEFAULT_REGION", "",
                "AWS_PROFILE", "",
                "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString(),
                // no instance-metadata lookup: this test sends nothing beyond loopback
                "AWS_EC2_METADATA_DISABLED", "true"),
            "run",
            "--config",
            targets.toString(),
            "--store",
            "aws",
            "--rounds",
            "1");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--store aws: no AWS region configured");
  }

  @Test
  void aBadFileIsExitTwoWithNothingOnStdout() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[1, 2]");
    Result r = run("explain", "--response", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(bad.toString());
  }
}
