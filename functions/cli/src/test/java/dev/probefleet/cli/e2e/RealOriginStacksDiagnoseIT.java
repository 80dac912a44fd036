package dev.probefleet.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.cli.e2e.RealServers.Software;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.testing.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The causes of issue 14 on the real software Debian ships, diagnosed by {@code bin/probefleet
 * diagnose --output json} as a user runs it: Apache httpd's mod_proxy as the load balancer (its
 * read timeout, its refused backend) and as the origin's web server (its application down), nginx
 * in front of php-fpm ({@code request_terminate_timeout}) and in front of gunicorn (the worker
 * timeout).
 *
 * <p>Each scenario first checks that the real stack answers as the scenario says (status and timing
 * of the failing hop), so that a wrong setup is told apart from a wrong verdict.
 */
class RealOriginStacksDiagnoseIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** HAProxy in front of an origin stack waits for it longer than any of its faults takes. */
  private static final Duration LB_SERVER_TIMEOUT = Duration.ofSeconds(10);

  /** The timeout of the hop that gives up: Apache's ProxyTimeout, php-fpm's, gunicorn's. */
  private static final Duration HOP_TIMEOUT = Duration.ofSeconds(1);

  /** How long the slow origin, PHP script or WSGI view takes: well past {@link #HOP_TIMEOUT}. */
  private static final Duration SLOW_ORIGIN = Duration.ofSeconds(2);

  private static final Duration SLOW_APP = Duration.ofSeconds(3);

  /** The real servers of a scenario, from the first hop the probes reach to the last. */
  enum Stack {
    /** Apache mod_proxy as the load balancer, ProxyTimeout 1, an origin answering in 2 s. */
    APACHE_LB_SLOW_ORIGIN(EnumSet.of(Software.APACHE)),
    /** Apache mod_proxy as the load balancer, ProxyPass to a closed port; the origin is fine. */
    APACHE_LB_CLOSED_PORT(EnumSet.of(Software.APACHE)),
    /** nginx → HAProxy → Apache mod_proxy as the origin's web server, its app port closed. */
    APACHE_ORIGIN_APP_PORT_CLOSED(EnumSet.of(Software.NGINX, Software.HAPROXY, Software.APACHE)),
    /** nginx → HAProxy → nginx → php-fpm (request_terminate_timeout 1s), a script sleeping 3 s. */
    PHP_FPM_SLOW_SCRIPT(EnumSet.of(Software.NGINX, Software.HAPROXY, Software.PHP_FPM)),
    /** nginx → HAProxy → nginx → the port of a php-fpm pool that is stopped. */
    PHP_FPM_POOL_STOPPED(EnumSet.of(Software.NGINX, Software.HAPROXY)),
    /** nginx → HAProxy → nginx → php-fpm, a script answering at once. */
    PHP_FPM_HEALTHY(EnumSet.of(Software.NGINX, Software.HAPROXY, Software.PHP_FPM)),
    /** nginx → HAProxy → nginx → gunicorn (--timeout 1), a view sleeping 3 s. */
    GUNICORN_SLOW_VIEW(EnumSet.of(Software.NGINX, Software.HAPROXY, Software.GUNICORN)),
    /** nginx → HAProxy → nginx → gunicorn, a view answering at once. */
    GUNICORN_HEALTHY(EnumSet.of(Software.NGINX, Software.HAPROXY, Software.GUNICORN));

    final Set<Software> needs;

    Stack(Set<Software> needs) {
      this.needs = needs;
    }
  }

  /**
   * What the real stack answers on its failing path ({@code "lb"} or {@code "origin"}): one of
   * these statuses, within this window.
   */
  record Answer(String path, Set<Integer> statuses, Duration atLeast, Duration below) {}

  record Scenario(
      String name,
      Stack stack,
      Optional<Answer> answer,
      String layer,
      String cause,
      Optional<String> summarySays,
      int exit) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> scenarios() {
    Duration fast = Duration.ofMillis(500);
    return Stream.of(
        new Scenario(
            "Apache mod_proxy LB, ProxyTimeout 1, origin answers in 2 s",
            Stack.APACHE_LB_SLOW_ORIGIN,
            // Apache 2.4 answers 502 "Error reading from remote server" (some versions 504).
            Optional.of(new Answer("lb", Set.of(502, 504), Duration.ofMillis(900), SLOW_ORIGIN)),
            "LOAD_BALANCER",
            "UPSTREAM_TIMEOUT",
            Optional.empty(),
            1),
        new Scenario(
            "Apache mod_proxy LB, ProxyPass to a closed port",
            Stack.APACHE_LB_CLOSED_PORT,
            Optional.of(new Answer("lb", Set.of(503), Duration.ZERO, fast)),
            "LOAD_BALANCER",
            "UPSTREAM_CONNECT_FAILED",
            Optional.empty(),
            1),
        new Scenario(
            "Apache mod_proxy origin, app port closed",
            Stack.APACHE_ORIGIN_APP_PORT_CLOSED,
            Optional.of(new Answer("origin", Set.of(503), Duration.ZERO, fast)),
            "ORIGIN",
            "UPSTREAM_APP_DOWN",
            Optional.empty(),
            1),
        new Scenario(
            "nginx → php-fpm, request_terminate_timeout 1s, script sleeps 3 s",
            Stack.PHP_FPM_SLOW_SCRIPT,
            Optional.of(new Answer("origin", Set.of(502), Duration.ofMillis(900), SLOW_APP)),
            "ORIGIN",
            "UPSTREAM_TIMEOUT",
            Optional.of("killed a slow request"),
            1),
        new Scenario(
            "nginx → php-fpm, pool stopped",
            Stack.PHP_FPM_POOL_STOPPED,
            Optional.of(new Answer("origin", Set.of(502), Duration.ZERO, fast)),
            "ORIGIN",
            "UPSTREAM_APP_DOWN",
            Optional.empty(),
            1),
        new Scenario(
            "nginx → php-fpm, healthy script",
            Stack.PHP_FPM_HEALTHY,
            Optional.empty(),
            "NONE",
            "NONE",
            Optional.empty(),
            0),
        new Scenario(
            "nginx → gunicorn --timeout 1, view sleeps 3 s",
            Stack.GUNICORN_SLOW_VIEW,
            // gunicorn's arbiter looks once a second at heartbeats written every half timeout:
            // the worker dies between 0.5 s and 2 s into the request (1.3–1.8 s measured).
            Optional.of(new Answer("origin", Set.of(502), fast, SLOW_APP)),
            "ORIGIN",
            "UPSTREAM_TIMEOUT",
            Optional.of("killed a slow request"),
            1),
        new Scenario(
            "nginx → gunicorn, healthy view",
            Stack.GUNICORN_HEALTHY,
            Optional.empty(),
            "NONE",
            "NONE",
            Optional.empty(),
            0));
  }

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void diagnosesTheCauseTheRealStackShows(Scenario scenario) throws Exception {
    RequiredTool.require(
        scenario.toString(),
        RealServers.unavailable(scenario.stack().needs),
        RealServers.install(scenario.stack().needs));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<AutoCloseable> running = new ArrayList<>();
    RealServers servers = new RealServers(dir);
    running.add(servers);
    try {
      Ports ports = start(scenario.stack(), servers, running);
      DiagnoseProcess.Result run = diagnose(targetsFile(ports));
      StringBuilder logs = new StringBuilder(servers.output());
      running.stream()
          .filter(ProxyChain.class::isInstance)
          .forEach(c -> logs.append(((ProxyChain) c).output()));
      String context =
          "scenario: %s\nexit: %d\nstdout:\n%s\nstderr:\n%s\n%s"
              .formatted(scenario, run.exit(), run.out(), run.err(), logs);
      JsonNode report = JSON.readTree(run.out());
      assertThat(report.path("schemaVersion").asInt()).as(context).isEqualTo(1);
      JsonNode target = report.path("targets").get(0);
      if (scenario.answer().isPresent()) {
        assertAnswers(target.path("paths"), scenario.answer().get(), context);
      }
      JsonNode verdict = target.path("verdict");
      assertThat(verdict.path("layer").asText()).as(context).isEqualTo(scenario.layer());
      assertThat(verdict.path("cause").asText()).as(context).isEqualTo(scenario.cause());
      if (scenario.summarySays().isPresent()) {
        assertThat(verdict.path("summary").asText())
            .as(context)
            .containsIgnoringCase(scenario.summarySays().get());
      }
      assertThat(run.exit()).as(context).isEqualTo(scenario.exit());
    } finally {
      for (AutoCloseable c : running.reversed()) {
        c.close();
      }
    }
  }

  /** The real stack answered as the scenario says: otherwise the setup is wrong, not the rules. */
  private static void assertAnswers(JsonNode paths, Answer answer, String context) {
    JsonNode path =
        "origin".equals(answer.path()) ? paths.path("origin").get(0) : paths.path(answer.path());
    String setup = "the real stack's answer on " + answer.path() + "\n" + context;
    assertThat(path.path("status").asInt()).as(setup).isIn(answer.statuses());
    double total = path.path("timings_ms").path("total").asDouble();
    assertThat(total)
        .as(setup)
        .isGreaterThanOrEqualTo(answer.atLeast().toMillis())
        .isLessThan(answer.below().toMillis());
  }

  /** Where the probes go: the CDN (absent when the scenario has none), the LB, the origin. */
  private record Ports(OptionalInt cdn, int lb, int origin) {}

  private Ports start(Stack stack, RealServers servers, List<AutoCloseable> running)
      throws IOException {
    switch (stack) {
      case APACHE_LB_SLOW_ORIGIN, APACHE_LB_CLOSED_PORT -> {
        Reply ok = Reply.ok().withBody("ok");
        FaultHttpServer origin =
            FaultHttpServer.start(
                stack == Stack.APACHE_LB_SLOW_ORIGIN ? ok.withFirstByteDelay(SLOW_ORIGIN) : ok);
        running.add(origin);
        int upstream =
            stack == Stack.APACHE_LB_SLOW_ORIGIN ? origin.port() : ProxyChain.closedPort();
        int lb = ProxyChain.freePort();
        servers.apacheProxy("apache-lb", lb, upstream, HOP_TIMEOUT);
        return new Ports(OptionalInt.empty(), lb, origin.port());
      }
      default -> {
        int origin = startOrigin(stack, servers);
        Path front = Files.createDirectories(dir.resolve("front"));
        ProxyChain chain =
            ProxyChain.start(front, new ProxyChain.Settings(origin, -1, LB_SERVER_TIMEOUT));
        running.add(chain);
        return new Ports(OptionalInt.of(chain.cdnPort), chain.lbPort, origin);
      }
    }
  }

  /** Starts the origin's web server and what runs behind it; returns the web server's port. */
  private int startOrigin(Stack stack, RealServers servers) throws IOException {
    int web = ProxyChain.freePort();
    int app = ProxyChain.freePort();
    switch (stack) {
      case APACHE_ORIGIN_APP_PORT_CLOSED ->
          servers.apacheProxy("apache-origin", web, ProxyChain.closedPort(), HOP_TIMEOUT);
      case PHP_FPM_SLOW_SCRIPT, PHP_FPM_POOL_STOPPED, PHP_FPM_HEALTHY -> {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.setPosixFilePermissions(www, PosixFilePermissions.fromString("rwxr-xr-x"));
        String body =
            stack == Stack.PHP_FPM_SLOW_SCRIPT
                ? "<?php\nsleep(%d);\necho \"ok\\n\";\n".formatted(SLOW_APP.toSeconds())
                : "<?php\necho \"ok\\n\";\n";
        Path script = RealServers.readableFile(www.resolve("health.php"), body);
        if (stack != Stack.PHP_FPM_POOL_STOPPED) {
          servers.phpFpmPool("php-fpm", app, HOP_TIMEOUT);
        }
        servers.nginxFastcgi("nginx-origin", web, app, script);
      }
      case GUNICORN_SLOW_VIEW, GUNICORN_HEALTHY -> {
        Path appDir = Files.createDirectories(dir.resolve("wsgi"));
        long sleep = stack == Stack.GUNICORN_SLOW_VIEW ? SLOW_APP.toSeconds() : 0;
        RealServers.readableFile(
            appDir.resolve("health_app.py"),
            """
            import time


            def application(environ, start_response):
                time.sleep(%d)
                start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
                return [b"ok\\n"]
            """
                .formatted(sleep));
        servers.gunicorn("gunicorn", app, appDir, "health_app", HOP_TIMEOUT);
        servers.nginxProxy("nginx-origin", web, app);
      }
      default -> throw new IllegalArgumentException(stack + " has no origin stack");
    }
    return web;
  }

  private Path targetsFile(Ports ports) throws IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        targets:
          - name: shop
            expect: {status: [200], bodyContains: "ok"}
            paths:
        """);
    String path =
        "      %s: {url: \"http://127.0.0.1:%d/health\", host: \"shop.example.test\","
            + " timeout: 5s}\n";
    ports.cdn().ifPresent(port -> yaml.append(path.formatted("cdn", port)));
    yaml.append(path.formatted("lb", ports.lb()));
    yaml.append(path.formatted("origin", ports.origin()));
    Path file = dir.resolve("targets.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private DiagnoseProcess.Result diagnose(Path targets) throws Exception {
    return DiagnoseProcess.run(dir, targets, Duration.ofSeconds(60));
  }
}
