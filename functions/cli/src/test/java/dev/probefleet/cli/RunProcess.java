package dev.probefleet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code bin/probefleet} (the packaged jar) as a separate process, its stdout read line by line as
 * it comes: a {@code probefleet run} another command can meet while it runs.
 */
final class RunProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private RunProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "probefleet-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code bin/probefleet ARGS}; its stderr goes to a file in {@code dir}. */
  static RunProcess start(Path dir, String... args) throws IOException {
    Path launcher = Path.of(System.getProperty("probefleet.root", "../.."), "bin", "probefleet");
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
    builder.environment().remove("JAVA_HOME");
    return new RunProcess(builder.start(), err);
  }

  long pid() {
    return process.pid();
  }

  /** The first stdout line that matches, waiting for it at most {@code timeout}. */
  String awaitLine(Predicate<String> wanted, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (wanted.test(line)) {
          return line;
        }
      } else if (!process.isAlive() && lines.isEmpty()) {
        break;
      }
    }
    throw new AssertionError(
        "no such line within "
            + timeout
            + "; stdout so far:\n"
            + String.join("\n", seen)
            + "\nstderr:\n"
            + stderr());
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Stops it as Ctrl-C or a service manager would (SIGTERM) and returns its exit status. */
  int stop(Duration timeout) throws Exception {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("probefleet run did not stop within " + timeout + ":\n" + stderr());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
