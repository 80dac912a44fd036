package dev.probefleet.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code cdk synth} of every stack through the pinned npm CDK CLI, offline, with the real function
 * zips: the templates land in {@code infra/cdk/cdk.out} (where {@code HomeStackOnEmulatorIT} and a
 * person's {@code cdk deploy --app cdk.out} find them), then {@code cfn-lint} from the project's
 * virtualenv checks each one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdkSynthIT {

  /** The context the synth runs with: two probe regions, every optional resource. */
  static final List<String> CONTEXT =
      List.of(
          "regions=us-east-1,eu-west-1",
          "homeRegion=us-east-1",
          "alertEmail=oncall@example.com",
          "alertEmailFilter={\"severity\": [\"PAGE\"]}",
          "alertQueue=true",
          "alertQueueFilter={\"regions\": [\"eu-west-1\"]}",
          "shards=2");

  static final List<String> STACKS =
      List.of("probefleet-home", "probefleet-probe-us-east-1", "probefleet-probe-eu-west-1");

  private static Path cdkDir;
  private static Path out;

  @BeforeAll
  static void paths() {
    cdkDir = Path.of(System.getProperty("probefleet.cdk.dir", ".")).toAbsolutePath().normalize();
    out = cdkDir.resolve("cdk.out");
  }

  @Test
  @Order(1)
  void theCliSynthesizesEveryStackOffline() throws Exception {
    Path cli = Path.of(System.getProperty("probefleet.cdk.cli", "node_modules/.bin/cdk"));
    assertThat(cli)
        .as("the pinned CDK CLI; install it with make cdk-cli (infra/cdk/install-cli.sh)")
        .isExecutable();
    List<String> command = new ArrayList<>();
    command.add(cli.toString());
    // --strict: a warning (an unacknowledged annotation, a cdk-nag warning) fails the synth.
    command.addAll(
        List.of("synth", "--strict", "--quiet", "--no-notices", "--no-version-reporting"));
    command.addAll(List.of("--output", out.toString()));
    for (String c : CONTEXT) {
      command.add("--context");
      command.add(c);
    }
    command.add("--context");
    command.add(
        "functionsDir=" + System.getProperty("probefleet.functions.dir", "../../functions"));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(cdkDir.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("CDK_DISABLE_CLI_TELEMETRY", "true");
    env.put("CI", "true");
    // jsii's banner about Node 20's end of life, printed by every synth (DEPENDENCIES.md).
    env.put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    long started = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    System.out.printf(
        "cdk synth: exit %d in %d ms%n%s%n",
        process.exitValue(), (System.nanoTime() - started) / 1_000_000, output);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).doesNotContain("WARNING").doesNotContain("Unknown option");
    for (String stack : STACKS) {
      Path template = out.resolve(stack + ".template.json");
      assertThat(template).isRegularFile();
      JsonNode json = Fleets.JSON.readTree(template.toFile());
      assertThat(json.path("Resources").size()).isPositive();
    }
    assertThat(out.resolve("manifest.json")).isRegularFile();
  }

  @Test
  @Order(3)
  void aSynthWithoutTheHomeRegionSaysWhichContextKeyIsMissing() throws Exception {
    Path cli = Path.of(System.getProperty("probefleet.cdk.cli", "node_modules/.bin/cdk"));
    Path elsewhere = Files.createTempDirectory("cdk.out-missing-context");
    ProcessBuilder builder =
        new ProcessBuilder(
                cli.toString(),
                "synth",
                "--quiet",
                "--no-notices",
                "--output",
                elsewhere.toString(),
                "--context",
                "regions=eu-west-1")
            .directory(cdkDir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
    builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output)
        .contains("probefleet cdk: context homeRegion: not set: pass -c homeRegion=us-east-1");
  }

  @Test
  @Order(2)
  void cfnLintPassesOnEveryTemplate() throws Exception {
    Path venv =
        Path.of(
            System.getProperty(
                "probefleet.venv",
                Path.of(System.getProperty("probefleet.root", "../.."), ".venv").toString()));
    Path cfnLint = venv.resolve("bin").resolve("cfn-lint");
    assertThat(cfnLint).as("cfn-lint in the project's virtualenv (make venv)").isExecutable();
    // W3005 ("dependency already enforced by a GetAtt") is aws-cdk-lib's own: a Lambda Function
    // always DependsOn its role besides naming it in Role. Redundant and harmless; every other
    // error, warning and informational finding fails the test.
    List<String> command =
        new ArrayList<>(
            List.of(cfnLint.toString(), "--format", "parseable", "--ignore-checks=W3005", "--"));
    for (String stack : STACKS) {
      command.add(out.resolve(stack + ".template.json").toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    System.out.printf("cfn-lint: exit %d%n%s%n", process.exitValue(), output);
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  void theOnlyNativeCodeIsTheOptionalCryptoProviderSoArm64StillRuns() throws IOException {
    Path functions = Path.of(System.getProperty("probefleet.functions.dir", "../../functions"));
    List<String> natives = new ArrayList<>();
    int jars = 0;
    for (FunctionPackage p :
        List.of(FunctionPackage.PROBE, FunctionPackage.ANALYZER, FunctionPackage.API)) {
      Path zip = p.zip(functions);
      try (ZipFile z = new ZipFile(zip.toFile())) {
        for (ZipEntry e : z.stream().toList()) {
          if (e.getName().endsWith(".jar")) {
            jars++;
            try (InputStream in = z.getInputStream(e);
                ZipInputStream jar = new ZipInputStream(in)) {
              for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                if (isNative(inner.getName())) {
                  natives.add(p.name() + ": " + e.getName() + "!" + inner.getName());
                }
              }
            }
          } else if (isNative(e.getName())) {
            natives.add(p.name() + ": " + e.getName());
          }
        }
      }
    }
    System.out.printf("native libraries in %d jars of the function packages: %s%n", jars, natives);
    assertThat(jars).isGreaterThan(30);
    // AWS CRT, sqlite4java, netty-tcnative and the like would ship .so files per platform; the
    // packages use the URL-connection HTTP client. The one native library is the crypto
    // provider's linux-x86_64 build (issue 16), which the probe client loads only where it
    // matches: on arm64 NativeCrypto reports why it did not load and the JDK's providers do the
    // work, so an arm64 function still runs, only with more CPU per handshake (README, "HTTPS at
    // fleet load").
    assertThat(natives)
        .allSatisfy(
            n ->
                assertThat(n)
                    .matches(
                        "(probe|analyzer|api): lib/AmazonCorrettoCryptoProvider-[0-9.]+-linux-x86_64"
                            + "\\.jar!com/amazon/corretto/crypto/provider/"
                            + "libamazonCorrettoCryptoProvider\\.so"));
    assertThat(natives).anyMatch(n -> n.startsWith("probe: "));
  }

  private static boolean isNative(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".so")
        || n.contains(".so.")
        || n.endsWith(".dll")
        || n.endsWith(".dylib")
        || n.endsWith(".jnilib");
  }
}
