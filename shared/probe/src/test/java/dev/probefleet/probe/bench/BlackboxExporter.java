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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus-blackbox-exporter} as the third contender: started on a loopback port
 * chosen at run time with a config written here (one {@code http} module: GET, no redirects, 10 s
 * timeout, IPv4), and driven from the parent JVM with {@code GET /probe?module=…&target=…}, at most
 * {@code bound} in flight. Its CPU time and peak RSS are read from its own {@code /proc/<pid>}; the
 * driver's cost is the parent's, not the exporter's.
 */
final class BlackboxExporter implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-blackbox-exporter");
  static final String MODULE = "http_bench";

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

  /** {@code 0.23.0}, from {@code --version}. */
  static String version(Path binary) throws InterruptedException {
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

  /** Starts the exporter and waits until it answers {@code /-/healthy}. */
  static BlackboxExporter start(Path binary) throws InterruptedException {
    try {
      Path directory = Files.createTempDirectory("probefleet-bench-blackbox");
      Path config = Files.writeString(directory.resolve("blackbox.yml"), CONFIG);
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

  long pid() {
    return process.pid();
  }

  /**
   * Probes every target through the exporter, at most {@code bound} at once. A probe counts as OK
   * when the exporter answers 200 with {@code probe_success 1}.
   */
  ThroughputChild.Tally round(List<Workload.Probe> probes, int bound) throws InterruptedException {
    Semaphore inFlight = new Semaphore(bound);
    CountDownLatch done = new CountDownLatch(probes.size());
    Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    for (Workload.Probe p : probes) {
      HttpRequest request =
          HttpRequest.newBuilder(probeUrl(p.url())).timeout(Duration.ofSeconds(30)).GET().build();
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
                outcomes.merge(key, 1, Integer::sum);
                inFlight.release();
                done.countDown();
              });
    }
    done.await();
    Map<String, Integer> failures = new TreeMap<>(outcomes);
    Integer ok = failures.remove("OK");
    return new ThroughputChild.Tally(ok == null ? 0 : ok, failures);
  }

  private URI probeUrl(URI target) {
    return URI.create(
        "http://127.0.0.1:"
            + port
            + "/probe?module="
            + MODULE
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
