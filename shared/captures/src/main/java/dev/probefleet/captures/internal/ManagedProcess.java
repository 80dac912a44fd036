package dev.probefleet.captures.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server process run in the foreground for one recording: output to files in its work directory,
 * readiness by its ports accepting connections, and a stop that also ends every process it forked
 * (Apache, Varnish and Squid fork workers).
 */
public final class ManagedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final List<Path> logs;

  private ManagedProcess(String name, Process process, Path stdout, Path stderr, List<Path> logs) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.logs = List.copyOf(logs);
  }

  /** The process could not be started or did not get ready; the message carries its output. */
  public static final class StartFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    StartFailedException(String message) {
      super(message);
    }
  }

  /**
   * Starts a command in a directory, stdout and stderr to {@code <name>.stdout/.stderr} there.
   *
   * @param logs the software's own log files, quoted when it fails to start
   */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Path directory,
      Map<String, String> environment,
      List<Path> logs)
      throws IOException {
    Path out = directory.resolve(name + ".stdout");
    Path err = directory.resolve(name + ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    try {
      return new ManagedProcess(name, builder.start(), out, err, logs);
    } catch (IOException e) {
      throw new StartFailedException("cannot start " + command + ": " + e.getMessage());
    }
  }

  /** What the process wrote to stdout so far. */
  public Path stdout() {
    return stdout;
  }

  /** What the process wrote to stderr so far. */
  public Path stderr() {
    return stderr;
  }

  /** Waits until every port accepts a connection on 127.0.0.1. */
  public void awaitListening(List<Integer> ports, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Integer> waiting = new ArrayList<>(ports);
    while (!waiting.isEmpty()) {
      if (!process.isAlive()) {
        throw new StartFailedException(
            name + " exited with status " + process.exitValue() + " before listening: " + output());
      }
      if (System.nanoTime() > deadline) {
        throw new StartFailedException(
            name + " did not listen on " + waiting + " within " + timeout + ": " + output());
      }
      waiting.removeIf(ManagedProcess::accepts);
      if (!waiting.isEmpty()) {
        sleep(50);
      }
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The tail of stderr, stdout and the log files, for messages. */
  public String output() {
    StringBuilder text =
        new StringBuilder("stderr: " + tail(stderr) + " | stdout: " + tail(stdout));
    for (Path log : logs) {
      if (!log.equals(stderr) && !log.equals(stdout) && Files.exists(log)) {
        text.append(" | ").append(log.getFileName()).append(": ").append(tail(log));
      }
    }
    return text.toString();
  }

  private static String tail(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
      return text.length() > 1500 ? "…" + text.substring(text.length() - 1500) : text;
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  /** Stops the process and every descendant: TERM, then KILL after a grace period. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroy();
        try {
          child.onExit().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
          child.destroyForcibly();
        }
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
