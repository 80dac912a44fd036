package dev.probefleet.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * moto's server mode as a child process on a free loopback port, from the project's virtualenv
 * ({@code make venv} creates it from {@code localstack/requirements.txt}).
 *
 * <p>The child exits when its stdin closes, so it cannot outlive the JVM that started it, even when
 * that JVM is killed.
 */
final class MotoServerEmulator implements AwsEmulator {
  private static final String READY = "PROBEFLEET-MOTO-READY ";
  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  private final Process process;
  private final URI endpoint;
  private final String version;
  private final Path log;

  private MotoServerEmulator(Process process, URI endpoint, String version, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.version = version;
    this.log = log;
  }

  /**
   * Starts moto from the virtualenv at {@code venv}, logging to a file in {@code logDir}.
   *
   * @throws EmulatorUnavailableException when the virtualenv or moto is missing, or moto does not
   *     come up
   */
  static MotoServerEmulator start(Path venv, Path logDir) {
    Path python = venv.resolve("bin/python");
    if (!Files.isExecutable(python)) {
      throw new EmulatorUnavailableException(
          "no AWS emulator: the moto virtualenv is missing ("
              + python
              + " not found). Create it with `make venv` (python3 -m venv .venv && .venv/bin/pip"
              + " install -r localstack/requirements.txt), or set AWS_ENDPOINT_URL to a running"
              + " emulator.");
    }
    String launcher = launcherSource();
    Path logFile;
    try {
      Files.createDirectories(logDir);
      logFile = Files.createTempFile(logDir, "moto-server-", ".log");
    } catch (IOException e) {
      throw new EmulatorUnavailableException("cannot create a log file in " + logDir, e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(List.of(python.toString(), "-c", launcher, "127.0.0.1"))
            .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // moto reads these; keep the child off any real AWS configuration of the developer.
    builder.environment().put("AWS_ACCESS_KEY_ID", "test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    builder.environment().remove("AWS_PROFILE");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new EmulatorUnavailableException("cannot start " + python + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("moto-server-stdout")
            .start(() -> pump(process.getInputStream(), logFile, ready));
    try {
      String line = ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
      String[] parts = line.substring(READY.length()).trim().split(" ");
      int port = Integer.parseInt(parts[0]);
      String version = parts.length > 1 ? parts[1] : "?";
      return new MotoServerEmulator(
          process, URI.create("http://127.0.0.1:" + port), version, logFile);
    } catch (TimeoutException | ExecutionException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
      reader.interrupt();
      throw new EmulatorUnavailableException(
          "moto server did not start within "
              + START_LIMIT.toSeconds()
              + " s (exit "
              + (process.isAlive() ? "-" : String.valueOf(process.exitValue()))
              + "); its log "
              + logFile
              + " ends with:\n"
              + tail(logFile),
          e);
    }
  }

  private static void pump(InputStream stdout, Path logFile, CompletableFuture<String> ready) {
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
        Writer out =
            Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!ready.isDone() && line.startsWith(READY)) {
          ready.complete(line);
        }
        out.write(line);
        out.write('\n');
        out.flush();
      }
      ready.completeExceptionally(new IOException("moto server exited before it was ready"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  private static String launcherSource() {
    try (InputStream in = MotoServerEmulator.class.getResourceAsStream("moto_launcher.py")) {
      if (in == null) {
        throw new IllegalStateException("moto_launcher.py missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public Kind kind() {
    return Kind.MOTO_PROCESS;
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public Region region() {
    return Region.US_EAST_1;
  }

  @Override
  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }

  @Override
  public String description() {
    return "moto "
        + version
        + " server process (pid "
        + process.pid()
        + ") at "
        + endpoint
        + ", log "
        + log;
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.getOutputStream().close(); // the launcher exits when its stdin closes
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
