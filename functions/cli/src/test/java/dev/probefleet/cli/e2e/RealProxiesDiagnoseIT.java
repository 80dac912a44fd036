package dev.probefleet.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.testing.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance matrix of issue 5 on real software: nginx as the CDN → HAProxy as the load
 * balancer → a test origin, diagnosed by {@code bin/probefleet diagnose --output json} exactly as a
 * user runs it (a separate process, its stdout parsed, its exit status checked). Skipped where
 * nginx or HAProxy is not installed, and failed for it under {@code CI=true}, where {@code .ci/run}
 * installs both ({@link RequiredTool}).
 */
class RealProxiesDiagnoseIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HAPROXY_DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  @BeforeAll
  static void proxiesInstalled() {
    RequiredTool.require("nginx and haproxy", ProxyChain.unavailable(), ProxyChain.INSTALL);
  }

  /** What the origin does in a scenario. */
  enum Origin {
    HEALTHY,
    CLOSED_PORT,
    INVALID_HEADER_LINE,
    CLOSE_BEFORE_HEADERS,
    ANSWERS_IN_2S,
    ANSWERS_AFTER_60S
  }

  /** Where a proxy's upstream points. */
  enum Upstream {
    NEXT_HOP,
    CLOSED_PORT
  }

  record Scenario(
      String name,
      Origin origin,
      Upstream lbUpstream,
      Upstream cdnUpstream,
      Duration haproxyServerTimeout,
      String layer,
      String cause,
      int exit) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> matrix() {
    Duration t = HAPROXY_DEFAULT_TIMEOUT;
    return Stream.of(
        new Scenario(
            "healthy", Origin.HEALTHY, Upstream.NEXT_HOP, Upstream.NEXT_HOP, t, "NONE", "NONE", 0),
        new Scenario(
            "origin port closed",
            Origin.CLOSED_PORT,
            Upstream.NEXT_HOP,
            Upstream.NEXT_HOP,
            t,
            "ORIGIN",
            "CONNECTION_REFUSED",
            1),
        new Scenario(
            "origin sends an invalid header line",
            Origin.INVALID_HEADER_LINE,
            Upstream.NEXT_HOP,
            Upstream.NEXT_HOP,
            t,
            "ORIGIN",
            "INVALID_RESPONSE",
            1),
        new Scenario(
            "origin closes before sending headers",
            Origin.CLOSE_BEFORE_HEADERS,
            Upstream.NEXT_HOP,
            Upstream.NEXT_HOP,
            t,
            "ORIGIN",
            "PREMATURE_CLOSE",
            1),
        new Scenario(
            "HAProxy's server line points at a closed port",
            Origin.HEALTHY,
            Upstream.CLOSED_PORT,
            Upstream.NEXT_HOP,
            t,
            "LOAD_BALANCER",
            "UPSTREAM_CONNECT_FAILED",
            1),
        new Scenario(
            "nginx's upstream points at a closed port",
            Origin.HEALTHY,
            Upstream.NEXT_HOP,
            Upstream.CLOSED_PORT,
            t,
            "CDN",
            "UPSTREAM_CONNECT_FAILED",
            1),
        new Scenario(
            "origin answers in 2 s, HAProxy timeout server 500ms",
            Origin.ANSWERS_IN_2S,
            Upstream.NEXT_HOP,
            Upstream.NEXT_HOP,
            Duration.ofMillis(500),
            "LOAD_BALANCER",
            "UPSTREAM_TIMEOUT",
            1),
        new Scenario(
            "origin answers after 60 s, probe timeout 5 s",
            Origin.ANSWERS_AFTER_60S,
            Upstream.NEXT_HOP,
            Upstream.NEXT_HOP,
            t,
            "ORIGIN",
            "RESPONSE_TIMEOUT",
            1));
  }

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void diagnosesTheLayerAndCause(Scenario scenario) throws Exception {
    FaultHttpServer origin =
        scenario.origin() == Origin.CLOSED_PORT
            ? null
            : FaultHttpServer.start(reply(scenario.origin()));
    int originPort = origin == null ? ProxyChain.closedPort() : origin.port();
    int lbUpstream =
        scenario.lbUpstream() == Upstream.CLOSED_PORT ? ProxyChain.closedPort() : originPort;
    int cdnUpstream = scenario.cdnUpstream() == Upstream.CLOSED_PORT ? ProxyChain.closedPort() : -1;
    try (ProxyChain chain =
        ProxyChain.start(
            dir,
            new ProxyChain.Settings(lbUpstream, cdnUpstream, scenario.haproxyServerTimeout()))) {
      Path targets = targetsFile(chain, originPort);
      DiagnoseProcess.Result run = diagnose(targets);
      String context =
          "scenario: "
              + scenario
              + "\nexit: "
              + run.exit()
              + "\nstdout:\n"
              + run.out()
              + "\nstderr:\n"
              + run.err()
              + "\n"
              + chain.output();
      JsonNode report = JSON.readTree(run.out());
      assertThat(report.path("schemaVersion").asInt()).as(context).isEqualTo(1);
      JsonNode verdict = report.path("targets").get(0).path("verdict");
      assertThat(verdict.path("layer").asText()).as(context).isEqualTo(scenario.layer());
      assertThat(verdict.path("cause").asText()).as(context).isEqualTo(scenario.cause());
      assertThat(run.exit()).as(context).isEqualTo(scenario.exit());
      JsonNode paths = report.path("targets").get(0).path("paths");
      assertThat(paths.path("origin").isArray()).as(context).isTrue();
      for (JsonNode path :
          List.of(paths.path("cdn"), paths.path("lb"), paths.path("origin").get(0))) {
        assertThat(path.fieldNames())
            .toIterable()
            .as(context)
            .contains(
                "url",
                "class",
                "detail",
                "status",
                "generator",
                "remote_address",
                "probed_at",
                "request_id",
                "timings_ms");
      }
    } finally {
      if (origin != null) {
        origin.close();
      }
    }
  }

  private static Reply reply(Origin origin) {
    Reply ok = Reply.ok().withBody("ok");
    return switch (origin) {
      case HEALTHY, CLOSED_PORT -> ok;
      case INVALID_HEADER_LINE -> ok.withFault(Fault.INVALID_HEADER_LINE);
      case CLOSE_BEFORE_HEADERS -> ok.withFault(Fault.EMPTY_REPLY);
      case ANSWERS_IN_2S -> ok.withFirstByteDelay(Duration.ofSeconds(2));
      case ANSWERS_AFTER_60S -> ok.withFirstByteDelay(Duration.ofSeconds(60));
    };
  }

  private Path targetsFile(ProxyChain chain, int originPort) throws IOException {
    String yaml =
        """
        targets:
          - name: shop
            expect: {status: [200], bodyContains: "ok"}
            paths:
              cdn:    {url: "http://127.0.0.1:%d/health", host: "shop.example.test", timeout: 5s}
              lb:     {url: "http://127.0.0.1:%d/health", host: "shop.example.test", timeout: 5s}
              origin: {url: "http://127.0.0.1:%d/health", host: "shop.example.test", timeout: 5s}
        """
            .formatted(chain.cdnPort, chain.lbPort, originPort);
    Path file = dir.resolve("targets.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private DiagnoseProcess.Result diagnose(Path targets) throws Exception {
    return DiagnoseProcess.run(dir, targets, Duration.ofSeconds(90));
  }
}
