package dev.probefleet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.testing.RequiredTool.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A missing program skips a test on a developer's machine and fails it under {@code CI=true}; a
 * present one lets it run; what CI lacks by design skips everywhere. Each message names the program
 * and its install step.
 */
class RequiredToolTest {
  private static final Map<String, String> CI = Map.of("CI", "true");
  private static final Map<String, String> DEVELOPER = Map.of("HOME", "/home/someone");

  @TempDir Path dir;

  @Test
  void aMissingProgramSkipsOutsideCiNamingItAndItsInstallStep() {
    Verdict v =
        RequiredTool.verdict(
            DEVELOPER,
            "nginx",
            Optional.of("/usr/sbin/nginx is not an executable file"),
            "apt-get install nginx");

    assertThat(v.kind()).isEqualTo(Verdict.Kind.SKIP);
    assertThat(v.message())
        .isEqualTo(
            "needs nginx, missing here (/usr/sbin/nginx is not an executable file); install:"
                + " apt-get install nginx (under CI=true this is a failure)");
    assertThatThrownBy(v::enforce).isInstanceOf(TestAbortedException.class).hasMessage(v.message());
  }

  @Test
  void aMissingProgramFailsUnderCiAsABrokenInstallStep() {
    Verdict v =
        RequiredTool.verdict(
            CI,
            "tmux",
            Optional.of("/usr/bin/tmux is not an executable file"),
            "apt-get install tmux");

    assertThat(v.kind()).isEqualTo(Verdict.Kind.FAIL);
    assertThat(v.message())
        .isEqualTo(
            "needs tmux, missing here (/usr/bin/tmux is not an executable file), and CI=true:"
                + " the install step of .ci/run (apt-get install tmux) is broken — a skip would"
                + " hide that");
    assertThatThrownBy(v::enforce).isInstanceOf(AssertionFailedError.class).hasMessage(v.message());
  }

  @Test
  void aPresentProgramRunsTheTestOnCiAndOff() {
    for (Map<String, String> env : java.util.List.of(CI, DEVELOPER)) {
      Verdict v = RequiredTool.verdict(env, "nginx", Optional.empty(), "apt-get install nginx");
      assertThat(v.kind()).isEqualTo(Verdict.Kind.RUN);
      v.enforce();
    }
  }

  @Test
  void onlyCiTrueInAnyCaseCountsAsCi() {
    assertThat(RequiredTool.onCi(Map.of("CI", "true"))).isTrue();
    assertThat(RequiredTool.onCi(Map.of("CI", "TRUE"))).isTrue();
    assertThat(RequiredTool.onCi(Map.of("CI", " true\n"))).isTrue();
    assertThat(RequiredTool.onCi(Map.of("CI", "false"))).isFalse();
    assertThat(RequiredTool.onCi(Map.of("CI", "1"))).isFalse();
    assertThat(RequiredTool.onCi(Map.of("CI", ""))).isFalse();
    assertThat(RequiredTool.onCi(Map.of())).isFalse();
  }

  @Test
  void aPathIsPresentOnlyAsAnExecutableFile() throws Exception {
    Path program = Files.createFile(dir.resolve("program"));
    // Not executable: missing, whatever the environment; here the JVM's own, so never a failure
    // unless this very run has CI=true — then the failure is what the test expects.
    boolean ci = RequiredTool.onCi(System.getenv());
    Class<? extends Throwable> expected =
        ci ? AssertionFailedError.class : TestAbortedException.class;
    assertThatThrownBy(() -> RequiredTool.require("program", program, "make program"))
        .isInstanceOf(expected)
        .hasMessageContaining(
            "needs program, missing here (" + program + " is not an executable file)")
        .hasMessageContaining("make program");
    assertThatThrownBy(() -> RequiredTool.require("dir", dir, "mkdir"))
        .isInstanceOf(expected)
        .hasMessageContaining(dir + " is not an executable file");

    assertThat(program.toFile().setExecutable(true)).isTrue();
    assertThat(RequiredTool.require("program", program, "make program")).isEqualTo(program);
  }

  @Test
  void whatCiLacksByDesignSkipsEvenUnderCi() {
    assertThatThrownBy(
            () ->
                RequiredTool.skipEvenOnCi(
                    "a Docker engine",
                    Optional.of("no DOCKER_HOST, no /var/run/docker.sock"),
                    "CI machines have no Docker by design"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage(
            "needs a Docker engine, missing here (no DOCKER_HOST, no /var/run/docker.sock);"
                + " skipped also under CI=true: CI machines have no Docker by design");
    RequiredTool.skipEvenOnCi("a Docker engine", Optional.empty(), "CI machines have no Docker");
  }

  @Test
  void aProgramIsFoundOnPathOnlyAsAnExecutableFileInOneOfItsDirectories() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path tool = Files.createFile(bin.resolve("tool"));
    String path = empty + ":" + bin;

    assertThat(RequiredTool.onPath("tool", path)).isEmpty();
    assertThat(tool.toFile().setExecutable(true)).isTrue();
    assertThat(RequiredTool.onPath("tool", path)).contains(tool);
    assertThat(RequiredTool.onPath("tool", empty.toString())).isEmpty();
    assertThat(RequiredTool.onPath("tool", "")).isEmpty();
  }

  /**
   * The other half of the contract: {@code .ci/run} installs every Debian package the tests'
   * RequiredTool calls name, and runs the tests with {@code CI=true}.
   */
  @Test
  void ciRunInstallsTheProgramsAndRunsTheTestsWithCiTrue() throws Exception {
    Path run = Path.of(System.getProperty("probefleet.root", "../.."), ".ci", "run");
    java.util.List<String> lines = Files.readAllLines(run);
    String packages =
        lines.stream().filter(l -> l.startsWith("packages=")).findFirst().orElseThrow();

    assertThat(java.util.List.of(packages.substring(10, packages.length() - 1).split(" ")))
        .contains(
            "nginx",
            "haproxy",
            "apache2",
            "varnish",
            "squid",
            "caddy",
            "php-fpm",
            "gunicorn",
            "chromium",
            "chromium-driver",
            "tmux",
            "bsdutils");
    assertThat(lines).containsSubsequence("export CI=true", "exec make test");
  }
}
