package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.LabFault;
import dev.probefleet.testing.RequiredTool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web board of {@code probefleet run}, in a real browser (Debian's chromium through
 * chromedriver), while the fleet probes two lab topologies — one healthy, one whose origin app has
 * died — and the same port's {@code /metrics} read by Prometheus' own text-format parser. The
 * screenshots are kept under {@code target/board-screenshots} (the README's come from there).
 */
class BoardIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "board-screenshots");

  private static Lab healthy;
  private static Lab failing;
  private static Thread fleet;
  private static FleetRun run;
  private static RunOptions options;
  private static String base;
  private static String incident;
  private static final StringWriter out = new StringWriter();
  private static final StringWriter err = new StringWriter();

  @BeforeAll
  static void runTheFleetAgainstTwoLabs() throws Exception {
    healthy = Lab.builder().targetName("shop").start();
    failing = Lab.builder().targetName("api").originWebServer().start();
    failing.inject(LabFault.APP_DOWN);
    int port = freePort();
    base = "http://127.0.0.1:" + port;
    options = new RunOptions();
    options.interval = Duration.ofSeconds(2);
    options.store = "memory";
    options.data = Path.of("unused");
    options.region = "local";
    options.rounds = 60;
    options.output = RunOptions.Output.text;
    options.http = "127.0.0.1:" + port;
    TargetsConfig targets =
        new TargetsConfig(
            "two labs",
            List.of(
                healthy.target(Lab.Addressing.LOOPBACK_ADDRESSES),
                failing.target(Lab.Addressing.LOOPBACK_ADDRESSES)),
            Optional.empty());
    run = new FleetRun(options);
    fleet =
        new Thread(
            () ->
                run.run(
                    targets,
                    "two labs",
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    List.of()),
            "board-it-fleet");
    fleet.setDaemon(true);
    fleet.start();
    // The api target's incident opens after two failing rounds.
    Instant until = Instant.now().plusSeconds(40);
    while (incident == null && Instant.now().isBefore(until)) {
      Thread.sleep(500);
      try {
        JsonNode api = status("api");
        if (api != null && api.path("open_incident").hasNonNull("id")) {
          incident = api.path("open_incident").path("id").asText();
        }
      } catch (IOException e) {
        // the server is not up yet
      }
    }
    assertThat(incident).as("an incident for the api target; stderr:\n%s", err).isNotNull();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fleet != null) {
      run.stop();
      fleet.join(10_000);
    }
    if (healthy != null) {
      healthy.close();
    }
    if (failing != null) {
      failing.close();
    }
  }

  @Test
  void theBoardShowsTheFleetAChartPerTargetAndAnIncidentWithItsTimelineAndRunbook()
      throws Exception {
    // Skipped without them, and failed under CI=true, where .ci/run installs both.
    RequiredTool.require("chromium", CHROMIUM, "apt-get install chromium");
    RequiredTool.require("chromedriver", CHROMEDRIVER, "apt-get install chromium-driver");
    // Two more rounds: the charts have a few points.
    Thread.sleep(4_000);
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM.toString());
    chrome.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    WebDriver browser = new ChromeDriver(service, chrome);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(base + "/");
      assertThat(browser.getCurrentUrl()).isEqualTo(base + "/board/index.html");
      wait.until(
          ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-target='api']")));

      WebElement api = browser.findElement(By.cssSelector("tr[data-target='api']"));
      WebElement shop = browser.findElement(By.cssSelector("tr[data-target='shop']"));
      assertThat(api.findElement(By.cssSelector("td.verdict")).getText()).startsWith("ORIGIN ");
      assertThat(api.findElement(By.cssSelector("td[data-path='origin']")).getText())
          .doesNotContain("ok");
      assertThat(api.findElement(By.cssSelector("td.incident")).getText()).isEqualTo(incident);
      assertThat(shop.findElement(By.cssSelector("td.verdict")).getText()).isEqualTo("healthy");
      assertThat(shop.findElement(By.cssSelector("td[data-path='cdn']")).getText())
          .startsWith("ok ");
      // Failing targets first.
      List<String> order =
          browser.findElements(By.cssSelector("#fleet tbody tr")).stream()
              .map(r -> r.getAttribute("data-target"))
              .toList();
      assertThat(order).containsExactly("api", "shop");
      // A chart per target, drawn by uPlot on a canvas, with its legend.
      for (String target : List.of("api", "shop")) {
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("div[data-chart='" + target + "'] canvas")));
      }
      assertThat(browser.findElement(By.cssSelector("div[data-chart='shop']")).getText())
          .contains("CDN adds")
          .contains("LB adds")
          .contains("origin")
          .contains("failing");
      screenshot(browser, "board.png");

      // The incident page: facts, runbook, the timeline with the OPENED transition.
      api.findElement(By.cssSelector("td.incident a")).click();
      wait.until(ExpectedConditions.textToBe(By.id("incident-id"), incident));
      assertThat(browser.findElement(By.cssSelector("dd[data-fact='layer']")).getText())
          .isEqualTo("ORIGIN");
      assertThat(browser.findElement(By.cssSelector("dd[data-fact='state']")).getText())
          .isEqualTo("open");
      assertThat(browser.findElements(By.cssSelector("#runbook li"))).isNotEmpty();
      assertThat(browser.findElements(By.cssSelector("#timeline li[data-kind='OPENED']")))
          .hasSize(1);
      screenshot(browser, "incident.png");

      // The incident list, filtered by target.
      browser.get(base + "/board/index.html#/incidents?target=api");
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector("tr[data-incident='" + incident + "']")));
      // A filter the API refuses shows its problem, naming the parameter.
      browser.get(base + "/board/index.html#/incidents?target=api&since=yesterday");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector("main .problem"), "since: 'yesterday'"));
      screenshot(browser, "incidents.png");
    } finally {
      browser.quit();
    }
  }

  @Test
  void metricsAreReadByPrometheusOwnTextFormatParser() throws Exception {
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("content-type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    List<Sample> samples = parse(scrape.body());

    assertThat(value(samples, "probefleet_probe_success", Map.of("target", "shop", "path", "cdn")))
        .isEqualTo(1.0);
    assertThat(
            value(
                samples, "probefleet_probe_success", Map.of("target", "api", "path", "origin[0]")))
        .isEqualTo(0.0);
    for (String phase : List.of("connect", "ttfb", "total")) {
      assertThat(
              value(
                  samples,
                  "probefleet_probe_duration_seconds",
                  Map.of("target", "shop", "path", "cdn", "phase", phase)))
          .as(phase)
          .isPositive()
          .isLessThan(5.0);
    }
    JsonNode verdict = status("api").path("verdict");
    assertThat(
            value(
                samples,
                "probefleet_verdict",
                Map.of(
                    "target", "api",
                    "layer", verdict.path("layer").asText(),
                    "cause", verdict.path("cause").asText())))
        .isEqualTo(1.0);
    assertThat(samples)
        .as("one verdict per target")
        .filteredOn(
            s -> s.name().equals("probefleet_verdict") && s.labels().get("target").equals("api"))
        .hasSize(1);
    assertThat(value(samples, "probefleet_verdict", Map.of("target", "shop", "layer", "NONE")))
        .isEqualTo(1.0);
    assertThat(value(samples, "probefleet_open_incidents", Map.of("layer", "ORIGIN")))
        .isEqualTo(1.0);
    assertThat(value(samples, "probefleet_open_incidents", Map.of("layer", "CDN"))).isZero();
    assertThat(value(samples, "probefleet_alert_outbox_depth", Map.of())).isZero();
    assertThat(value(samples, "probefleet_alerts_published_total", Map.of())).isGreaterThan(0.0);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private record Sample(String name, Map<String, String> labels, double value) {}

  /** Prometheus' Python client parses the text (the project's virtualenv has it). */
  private static List<Sample> parse(String text) throws Exception {
    Path python = Path.of(System.getProperty("probefleet.venv", "../../.venv"), "bin", "python");
    assertThat(python).as("the project's virtualenv (make venv)").isExecutable();
    Process p =
        new ProcessBuilder(
                python.toString(),
                "-c",
                String.join(
                    "\n",
                    "import sys, json",
                    "from prometheus_client.parser import text_string_to_metric_families",
                    "out = []",
                    "for family in text_string_to_metric_families(sys.stdin.read()):",
                    "    for s in family.samples:",
                    "        out.append({'name': s.name, 'labels': s.labels, 'value': s.value,"
                        + " 'type': family.type})",
                    "print(json.dumps(out))"))
            .redirectErrorStream(false)
            .start();
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String parsed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String problems = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the parser refused the exposition:\n%s", problems).isZero();
    List<Sample> samples = new ArrayList<>();
    for (JsonNode s : JSON.readTree(parsed)) {
      Map<String, String> labels = new java.util.HashMap<>();
      s.path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(new Sample(s.path("name").asText(), labels, s.path("value").asDouble()));
    }
    return samples;
  }

  private static double value(List<Sample> samples, String name, Map<String, String> labels) {
    List<Sample> found =
        samples.stream()
            .filter(s -> s.name().equals(name))
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    assertThat(found).as("%s%s", name, labels).hasSize(1);
    return found.get(0).value();
  }

  private static JsonNode status(String target) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/v1/status")).build(),
                HttpResponse.BodyHandlers.ofString());
    for (JsonNode t : JSON.readTree(answer.body()).path("targets")) {
      if (t.path("name").asText().equals(target)) {
        return t;
      }
    }
    return null;
  }

  private static void screenshot(WebDriver browser, String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
