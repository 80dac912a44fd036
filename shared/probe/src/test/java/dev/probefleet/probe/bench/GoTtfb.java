package dev.probefleet.probe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Go side of the fresh-process ttfb case: {@code src/test/go} (our own module, standard library
 * only) built with {@code go build} into {@code target/bench-go}, then its loopback server ({@code
 * ttfbserver}) and its client ({@code ttfbclient}, net/http with httptrace as blackbox_exporter
 * times requests), each a process of its own.
 */
final class GoTtfb {
  private final Path server;
  private final Path client;
  private final String version;

  private GoTtfb(Path server, Path client, String version) {
    this.server = server;
    this.client = client;
    this.version = version;
  }

  /**
   * Builds both programs, or says why not: {@code no Go toolchain} when no {@code go} runs ({@code
   * PATH}, then {@code /usr/local/go/bin/go}), else what {@code go build} printed.
   */
  static Build build(Path source, Path out) throws InterruptedException {
    Optional<String> go = toolchain();
    if (go.isEmpty()) {
      return new Build(null, "no Go toolchain");
    }
    try {
      Files.createDirectories(out);
      ProcessBuilder command =
          new ProcessBuilder(
                  go.get(),
                  "build",
                  "-o",
                  out.toAbsolutePath() + "/",
                  "./ttfbserver",
                  "./ttfbclient")
              .directory(source.toFile())
              .redirectErrorStream(true);
      // The module needs nothing but the standard library: never fetch a toolchain or a module.
      command.environment().put("GOTOOLCHAIN", "local");
      command.environment().put("GOFLAGS", "-mod=mod -buildvcs=false");
      command.environment().put("GOPROXY", "off");
      Process build = command.start();
      build.getOutputStream().close();
      String printed = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!build.waitFor(180, TimeUnit.SECONDS) || build.exitValue() != 0) {
        build.destroyForcibly();
        return new Build(null, "go build failed: " + printed.strip());
      }
      return new Build(
          new GoTtfb(
              out.resolve("ttfbserver"), out.resolve("ttfbclient"), run(go.get(), "version")),
          null);
    } catch (IOException e) {
      return new Build(null, "go build failed: " + e.getMessage());
    }
  }

  /**
   * What {@link #build} gave.
   *
   * @param tools the built programs, or null
   * @param skipped why not, or null
   */
  record Build(GoTtfb tools, String skipped) {}

  /** {@code go version}'s answer, e.g. {@code go version go1.26.8 linux/amd64}. */
  String version() {
    return version;
  }

  /**
   * Starts the server on a free 127.0.0.1 port, at a higher scheduling priority ({@code nice -n
   * -10}, which takes effect when the benchmark runs as root): it stands for a remote target, which
   * the client under test cannot slow down, while here both share two cores. Every contender, Go's
   * client included, runs against the same server.
   */
  Server startServer() throws IOException {
    return startServer(List.of());
  }

  /**
   * {@link #startServer()} with these flags, e.g. {@code -tls -cert chain.pem -key key.pem} for the
   * HTTPS case.
   */
  Server startServer(List<String> flags) throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
      command.addAll(List.of("/usr/bin/nice", "-n", "-10"));
    }
    command.add(server.toString());
    command.addAll(flags);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("listening 127.0.0.1:")) {
      process.destroyForcibly();
      throw new IOException("ttfbserver did not start: " + line);
    }
    return new Server(process, Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
  }

  /** The Go server; closing it closes its stdin, which ends it. */
  static final class Server implements AutoCloseable {
    private final Process process;
    private final int port;

    Server(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    int port() {
      return port;
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // it ends either way
      }
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }

  /**
   * One run of the client in a fresh process: {@code each} requests per delay at once; per request,
   * in request order, {@code {delay ms, ttfb ns}} ({@code -1} when it failed).
   */
  List<long[]> fire(int port, List<Integer> delaysMs, int each) throws InterruptedException {
    String delays = delaysMs.stream().map(String::valueOf).collect(Collectors.joining(","));
    String printed;
    try {
      printed =
          run(
              client.toString(),
              "-base",
              "http://127.0.0.1:" + port,
              "-delays",
              delays,
              "-each",
              String.valueOf(each));
    } catch (IOException e) {
      throw new UncheckedIOException("ttfbclient failed", e);
    }
    List<long[]> results = new ArrayList<>();
    for (String line : printed.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 3) {
        continue;
      }
      long ttfb =
          fields[1].equals("-") || !fields[2].equals("200") ? -1 : Long.parseLong(fields[1]);
      results.add(new long[] {Long.parseLong(fields[0]), ttfb});
    }
    return results;
  }

  private static Optional<String> toolchain() throws InterruptedException {
    for (String candidate : List.of("go", "/usr/local/go/bin/go")) {
      try {
        run(candidate, "version");
        return Optional.of(candidate);
      } catch (IOException e) {
        // try the next
      }
    }
    return Optional.empty();
  }

  /** Runs a command to its end; its stdout, or an IOException when it failed. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command[0] + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IOException(command[0] + " exited with " + process.exitValue());
    }
    return out.strip();
  }
}
