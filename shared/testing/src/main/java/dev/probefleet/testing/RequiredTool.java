package dev.probefleet.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A test's need for a program of this machine that {@code .ci/run} installs (nginx, HAProxy,
 * Apache, Varnish, Squid, Caddy, php-fpm, gunicorn, chromium and chromedriver, tmux): where the
 * program is missing, the test is skipped on a developer's machine, but FAILS when the environment
 * variable {@code CI} is {@code true} — {@code .ci/run} installs those programs before the tests
 * run, so a missing one there is a broken install step, and a skip would hide it behind a green
 * build. Both messages name the missing program and the step that installs it.
 *
 * <pre>{@code
 * RequiredTool.require("nginx", Path.of("/usr/sbin/nginx"), "apt-get install nginx");
 * RequiredTool.require("nginx and haproxy", ProxyChain.unavailable(), "apt-get install nginx haproxy");
 * }</pre>
 *
 * <p>A program that CI machines lack by design (Docker, for the LocalStack container test) goes
 * through {@link #skipEvenOnCi}, which says why in the skip message, so the exception is written
 * down where it is made rather than being a silent skip.
 *
 * <p>Call it first in the test, or in {@code @BeforeAll} for a whole class: a skip there skips
 * every test of the class, a failure fails them all. The skip reason also goes to stderr, since
 * Surefire and Failsafe report a skipped test without its reason.
 */
public final class RequiredTool {
  /** The environment variable CI services set ({@code .ci/run} exports {@code CI=true}). */
  public static final String CI_VARIABLE = "CI";

  private RequiredTool() {}

  /**
   * Requires an executable file.
   *
   * @param tool what the test needs, as a person names it ({@code "nginx"})
   * @param path where the test looks for it
   * @param installStep the command that installs it ({@code "apt-get install nginx"})
   * @return {@code path}, when it is an executable file
   * @throws TestAbortedException when it is not and {@code CI} is not {@code true}: a skip
   * @throws AssertionFailedError when it is not and {@code CI=true}: a failure
   */
  public static Path require(String tool, Path path, String installStep) {
    Objects.requireNonNull(path, "path");
    boolean present = Files.isRegularFile(path) && Files.isExecutable(path);
    require(
        tool,
        present ? Optional.empty() : Optional.of(path + " is not an executable file"),
        installStep);
    return path;
  }

  /**
   * Requires a program that the test starts by its name, as a shell would find it: on {@code PATH}.
   *
   * @param program the executable's name ({@code "tmux"})
   * @param installStep the command that installs it ({@code "apt-get install tmux"})
   * @return where it is on {@code PATH}
   * @throws TestAbortedException when it is not there and {@code CI} is not {@code true}: a skip
   * @throws AssertionFailedError when it is not there and {@code CI=true}: a failure
   */
  public static Path requireOnPath(String program, String installStep) {
    String path = System.getenv().getOrDefault("PATH", "");
    Optional<Path> found = onPath(program, path);
    require(
        program,
        found.isPresent()
            ? Optional.empty()
            : Optional.of("no executable " + program + " on PATH=" + path),
        installStep);
    return found.orElseThrow();
  }

  /** The first executable file named {@code program} in the directories of {@code path}. */
  static Optional<Path> onPath(String program, String path) {
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isBlank()) {
        continue;
      }
      Path candidate = Path.of(directory, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Requires a program whose absence the caller works out (several binaries, a search of {@code
   * PATH}, a software's own check).
   *
   * @param tool what the test needs, as a person names it
   * @param missing why it cannot run here, empty when it can
   * @param installStep the command that installs it
   * @throws TestAbortedException when missing and {@code CI} is not {@code true}: a skip
   * @throws AssertionFailedError when missing and {@code CI=true}: a failure
   */
  public static void require(String tool, Optional<String> missing, String installStep) {
    verdict(System.getenv(), tool, missing, installStep).enforce();
  }

  /**
   * Skips when a program is missing, also under {@code CI=true}: for what CI machines lack by
   * design, with the reason that makes the skip acceptable there.
   *
   * @param tool what the test needs
   * @param missing why it cannot run here, empty when it can
   * @param whyNotOnCi why CI machines do without it, and what covers the same ground there
   * @throws TestAbortedException when missing, whatever {@code CI} says
   */
  public static void skipEvenOnCi(String tool, Optional<String> missing, String whyNotOnCi) {
    if (missing.isPresent()) {
      new Verdict(
              Verdict.Kind.SKIP,
              "needs "
                  + tool
                  + ", missing here ("
                  + missing.get()
                  + "); skipped also under CI=true: "
                  + whyNotOnCi)
          .enforce();
    }
  }

  /** Whether {@code env} says this run is on CI ({@code CI=true}, in any letter case). */
  public static boolean onCi(Map<String, String> env) {
    return "true".equalsIgnoreCase(env.getOrDefault(CI_VARIABLE, "").strip());
  }

  /**
   * What {@link #require(String, Optional, String)} does in the environment {@code env}: nothing, a
   * skip or a failure, with the message.
   */
  static Verdict verdict(
      Map<String, String> env, String tool, Optional<String> missing, String installStep) {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(installStep, "installStep");
    if (missing.isEmpty()) {
      return new Verdict(Verdict.Kind.RUN, "");
    }
    if (onCi(env)) {
      return new Verdict(
          Verdict.Kind.FAIL,
          "needs "
              + tool
              + ", missing here ("
              + missing.get()
              + "), and CI=true: the install step of .ci/run ("
              + installStep
              + ") is broken — a skip would hide that");
    }
    return new Verdict(
        Verdict.Kind.SKIP,
        "needs "
            + tool
            + ", missing here ("
            + missing.get()
            + "); install: "
            + installStep
            + " (under CI=true this is a failure)");
  }

  /** The outcome of a check: run the test, skip it, or fail it. */
  record Verdict(Kind kind, String message) {
    enum Kind {
      RUN,
      SKIP,
      FAIL
    }

    void enforce() {
      switch (kind) {
        case RUN -> {}
        case SKIP -> {
          System.err.println("skipped: " + message);
          throw new TestAbortedException(message);
        }
        case FAIL -> throw new AssertionFailedError(message);
      }
    }
  }
}
