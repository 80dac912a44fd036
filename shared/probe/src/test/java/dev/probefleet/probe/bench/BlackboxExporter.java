package dev.probefleet.probe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Debian's {@code prometheus-blackbox-exporter} as the third contender: started on a loopback port
 * chosen at run time with a config written here (an {@code http} module: GET, no redirects, 10 s
 * timeout, IPv4; for the HTTPS case also an {@code https} module that trusts the benchmark's CA
 * through {@code tls_config.ca_file}), and driven from the parent JVM with {@code GET
 * /probe?module=…&target=…}, at most {@code bound} in flight. Its CPU time and peak RSS are read
 * from its own {@code /proc/<pid>}; the driver's cost is the parent's, not the exporter's. Public
 * for the other benchmarks that compare against it (functions/bench, through this module's test
 * jar).
 */
public final class BlackboxExporter implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-blackbox-exporter");
  static final String MODULE = "http_bench";

  /** The module of the HTTPS case: TLS required, the certificate checked against the CA file. */
  public static final String HTTPS_MODULE = "https_bench";

  /** Debian's package, which the HTTPS case installs when it is missing and it may. */
  static final String PACKAGE = "prometheus-blackbox-exporter";

  private static final String CONFIG =
      """
      modules:
        http_bench:
          prober: http
          timeout: 10s
          http:
            method: GET
            valid_status_codes: [200]
            follow_redirects: false
            preferred_ip_protocol: ip4
            ip_protocol_fallback: false
      """;

  private final Process process;
  private final int port;
  private final Path directory;
  private final HttpClient driver;

  private BlackboxExporter(Process process, int port, Path directory) {
    this.process = process;
    this.port = port;
    this.directory = directory;
    this.driver =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** The binary, when the package is installed. */
  static Optional<Path> binary() {
    return Files.isExecutable(BINARY) ? Optional.of(BINARY) : Optional.empty();
  }

  /**
   * The binary, installing Debian's package first when it is missing and this process may: as root,
   * with {@code apt-get}, and with a {@code policy-rc.d} that keeps the package's service from
   * starting (as {@code .ci/run} keeps daemons from starting), removed afterwards unless one was
   * there before. Empty when it is still missing; {@code say} hears what was tried and why it
   * failed.
   */
  public static Optional<Path> binaryOrInstall(Consumer<String> say) throws InterruptedException {
    if (binary().isPresent()) {
      return binary();
    }
    Path aptGet = Path.of("/usr/bin/apt-get");
    if (!isRoot() || !Files.isExecutable(aptGet)) {
      say.accept(BINARY + " is missing, and this is not root with apt-get: not installing it");
      return Optional.empty();
    }
    Path policy = Path.of("/usr/sbin/policy-rc.d");
    boolean ownPolicy = !Files.exists(policy);
    try {
      if (ownPolicy) {
        Files.writeString(policy, "#!/bin/sh\nexit 101\n");
        policy.toFile().setExecutable(true);
      }
      say.accept("installing " + PACKAGE + " (apt-get; its service kept from starting)");
      String failed = apt(aptGet.toString(), "update", "-qq");
      if (failed == null) {
        failed = apt(aptGet.toString(), "install", "-y", "-qq", "--no-install-recommends", PACKAGE);
      }
      if (failed != null) {
        say.accept("installing " + PACKAGE + " failed: " + failed);
      }
    } catch (IOException e) {
      say.accept("installing " + PACKAGE + " failed: " + e);
    } finally {
      if (ownPolicy) {
        try {
          Files.deleteIfExists(policy);
        } catch (IOException e) {
          say.accept("could not remove " + policy + ": " + e);
        }
      }
    }
    return binary();
  }

  /** Null when the command succeeded, else its exit status and the end of what it printed. */
  private static String apt(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process process = builder.start();
    process.getOutputStream().close();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return String.join(" ", command) + " did not finish within 10 minutes";
    }
    if (process.exitValue() == 0) {
      return null;
    }
    String tail = printed.strip();
    tail = tail.substring(Math.max(0, tail.length() - 500));
    return String.join(" ", command) + " exited with " + process.exitValue() + ": " + tail;
  }

  /** Whether this process runs as root (the real uid in {@code /proc/self/status}). */
  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring("Uid:".length()).trim().split("\\s+")[0].equals("0");
        }
      }
    } catch (IOException e) {
      // not Linux, or unreadable: treat as not root
    }
    return false;
  }

  /** {@code 0.23.0}, from {@code --version}. */
  public static String version(Path binary) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      String[] words = out.split("\\s+");
      for (int i = 0; i + 1 < words.length; i++) {
        if (words[i].equals("version")) {
          return words[i + 1];
        }
      }
      return "?";
    } catch (IOException e) {
      return "?";
    }
  }

  /** Starts the exporter with the {@link #MODULE} module and waits until it is healthy. */
  static BlackboxExporter start(Path binary) throws InterruptedException {
    return start(binary, null);
  }

  /**
   * Starts the exporter and waits until it answers {@code /-/healthy}; with a CA file, the config
   * also has the {@link #HTTPS_MODULE} module, which trusts it.
   */
  public static BlackboxExporter start(Path binary, Path caFile) throws InterruptedException {
    try {
      Path directory = Files.createTempDirectory("probefleet-bench-blackbox");
      String modules = CONFIG;
      if (caFile != null) {
        modules +=
            """
              %s:
                prober: http
                timeout: 10s
                http:
                  method: GET
                  valid_status_codes: [200]
                  follow_redirects: false
                  fail_if_not_ssl: true
                  preferred_ip_protocol: ip4
                  ip_protocol_fallback: false
                  tls_config:
                    ca_file: %s
            """
                .formatted(HTTPS_MODULE, caFile.toAbsolutePath());
      }
      Path config = Files.writeString(directory.resolve("blackbox.yml"), modules);
      int port = freeLoopbackPort();
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("exporter.log").toFile())
              .start();
      BlackboxExporter exporter = new BlackboxExporter(process, port, directory);
      try {
        exporter.awaitHealthy();
      } catch (IOException | RuntimeException e) {
        exporter.close();
        throw e;
      }
      return exporter;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Probes every target through the exporter, at most {@code bound} at once. A probe counts as OK
   * when the exporter answers 200 with {@code probe_success 1}.
   */
  ThroughputChild.Tally round(List<Workload.Probe> probes, int bound) throws InterruptedException {
    Answers answers = probeAll(probes.stream().map(Workload.Probe::url).toList(), bound, MODULE);
    return new ThroughputChild.Tally(answers.ok(), answers.failures());
  }

  /**
   * What the exporter answered for a round of targets.
   *
   * @param ok answers with {@code probe_success 1}
   * @param failures every other outcome (the driver's exception, the exporter's status, or {@code
   *     probe_success_0}) and its count
   * @param tlsMs the {@code tls} phase of every answer that reported one, in milliseconds
   */
  public record Answers(int ok, Map<String, Integer> failures, List<Double> tlsMs) {}

  /**
   * Probes every target through the exporter's {@code module}, at most {@code bound} at once, and
   * keeps each answer's {@code probe_http_duration_seconds{phase="tls"}}.
   */
  public Answers probeAll(List<URI> targets, int bound, String module) throws InterruptedException {
    return probeAll(targets, bound, module, Duration.ZERO);
  }

  /**
   * As {@link #probeAll(List, int, String)}, but the probes start evenly over {@code spread}, as
   * Prometheus spreads the scrapes of its targets over the scrape interval: target {@code k} of
   * {@code n} at {@code spread × k / n} from the start. A spread round costs the exporter more CPU
   * per probe than a burst (its goroutines and the kernel wake for every probe instead of staying
   * busy), so a prober that spreads its own rounds is compared with the exporter spread alike.
   */
  public Answers probeAll(List<URI> targets, int bound, String module, Duration spread)
      throws InterruptedException {
    long start = System.nanoTime();
    long spreadNanos = spread.toNanos();
    int index = 0;
    Semaphore inFlight = new Semaphore(bound);
    CountDownLatch done = new CountDownLatch(targets.size());
    Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    List<Double> tlsMs = Collections.synchronizedList(new ArrayList<>());
    for (URI target : targets) {
      if (spreadNanos > 0) {
        long due = start + spreadNanos * index / targets.size();
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      index++;
      HttpRequest request =
          HttpRequest.newBuilder(probeUrl(target, module))
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build();
      inFlight.acquire();
      driver
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, error) -> {
                String key =
                    error != null
                        ? error.getClass().getSimpleName()
                        : response.statusCode() != 200
                            ? "EXPORTER_HTTP_" + response.statusCode()
                            : response.body().contains("\nprobe_success 1")
                                ? "OK"
                                : "probe_success_0";
                if (error == null) {
                  tlsSeconds(response.body()).ifPresent(s -> tlsMs.add(s * 1000));
                }
                outcomes.merge(key, 1, Integer::sum);
                inFlight.release();
                done.countDown();
              });
    }
    done.await();
    Map<String, Integer> failures = new TreeMap<>(outcomes);
    Integer ok = failures.remove("OK");
    return new Answers(ok == null ? 0 : ok, failures, List.copyOf(tlsMs));
  }

  /**
   * The {@code tls} phase of one {@code /probe} answer in seconds, when it has one: the line {@code
   * probe_http_duration_seconds{phase="tls"} 0.0123}.
   */
  static Optional<Double> tlsSeconds(String metrics) {
    String prefix = "probe_http_duration_seconds{phase=\"tls\"} ";
    for (String line : metrics.split("\n")) {
      if (line.startsWith(prefix)) {
        try {
          return Optional.of(Double.parseDouble(line.substring(prefix.length()).trim()));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private URI probeUrl(URI target, String module) {
    return URI.create(
        "http://127.0.0.1:"
            + port
            + "/probe?module="
            + module
            + "&target="
            + URLEncoder.encode(target.toString(), StandardCharsets.UTF_8));
  }

  private void awaitHealthy() throws InterruptedException, IOException {
    URI healthy = URI.create("http://127.0.0.1:" + port + "/-/healthy");
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < giveUp) {
      if (!process.isAlive()) {
        throw new IOException(
            "the exporter exited with "
                + process.exitValue()
                + ": "
                + Files.readString(directory.resolve("exporter.log")));
      }
      try {
        HttpResponse<Void> r =
            driver.send(
                HttpRequest.newBuilder(healthy).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IOException("the exporter did not become healthy on port " + port + " within 10 s");
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    driver.close();
    try (var files = Files.list(directory)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
