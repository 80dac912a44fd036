package dev.probefleet.cli.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/probefleet diagnose --config FILE --output json} run as a user runs it: a separate
 * process, its stdout and stderr kept in files of the test's directory, bounded in time.
 */
final class DiagnoseProcess {
  /** What the process left: its exit status, stdout and stderr. */
  record Result(int exit, String out, String err) {}

  private DiagnoseProcess() {}

  /**
   * @param dir where stdout and stderr are written
   * @param targets the targets file
   * @param bound how long it may take before the test fails
   */
  static Result run(Path dir, Path targets, Duration bound) throws Exception {
    Path launcher = Path.of(System.getProperty("probefleet.root", "../.."), "bin", "probefleet");
    Path out = dir.resolve("diagnose.out");
    Path err = dir.resolve("diagnose.err");
    Process p =
        new ProcessBuilder(
                launcher.toString(), "diagnose", "--config", targets.toString(), "--output", "json")
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "bin/probefleet diagnose did not finish within " + bound.toSeconds() + " s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
