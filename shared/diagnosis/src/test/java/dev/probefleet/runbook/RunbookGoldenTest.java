package dev.probefleet.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.AddedLatency;
import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runbook every (layer, cause) renders for a fixed set of evidence shapes, compared with the
 * text recorded before the checklist became data ({@code golden-runbooks.txt}). Shapes: no evidence
 * (placeholders, as the incident API renders it); a full chain over TLS with correlation ids and
 * generators; the same chain in plain HTTP without them; several origin instances with one failing
 * (one reached over IPv6); a CDN-only configuration; and a context built from configuration as the
 * certificate alerts build it. A deliberate change to a step re-records the file with {@code
 * -Drunbook.golden.record=true} and shows up in review as a diff of that file.
 */
class RunbookGoldenTest {
  private static final String RESOURCE = "dev/probefleet/runbook/golden-runbooks.txt";
  private static final Instant AT = Instant.parse("2026-11-24T09:01:30Z");
  private static final PhaseTimings TIMINGS =
      new PhaseTimings(1_000_000L, 2_000_000L, null, 100_000L, 5_000_000L, 1_000_000L, 9_100_000L);

  /** The matrix rendered now, in a fixed order; identical renderings refer to the first one. */
  static String render() {
    StringBuilder out = new StringBuilder();
    Map<String, String> seen = new HashMap<>();
    int cases = 0;
    for (Layer layer : Layer.values()) {
      for (Cause cause : Cause.values()) {
        for (Shape shape : Shape.values()) {
          String key = layer + " / " + cause + " / " + shape.name().toLowerCase().replace('_', '-');
          String body = text(shape.steps(layer, cause));
          out.append("### ").append(key).append('\n');
          String first = seen.putIfAbsent(body, key);
          out.append(first == null ? body : "= same as " + first + "\n");
          cases++;
        }
      }
    }
    return "# " + cases + " cases\n" + out;
  }

  @Test
  void everyLayerCauseAndEvidenceShapeRendersAsRecorded() throws IOException {
    String now = render();
    if (Boolean.getBoolean("runbook.golden.record")) {
      Files.writeString(
          Path.of("src/test/resources").resolve(RESOURCE), now, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE).isNotNull();
      assertThat(now).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(now)
        .startsWith("# " + Layer.values().length * Cause.values().length * Shape.values().length);
  }

  enum Shape {
    /** No evidence: {@code Runbook.stepsFor(layer, cause)}. */
    NONE,
    /** cdn and lb over HTTPS (SNI differs from the LB's URL host), origin over HTTPS. */
    TLS_CHAIN,
    /** Everything plain HTTP, no correlation ids, no generator, the CDN's address unknown. */
    PLAIN_CHAIN,
    /** cdn, lb and three origin instances, origin[1] failing, origin[2] reached over IPv6. */
    INSTANCES,
    /** Only the CDN path is configured. */
    CDN_ONLY,
    /** A context from configuration, as certificate alerts build it. */
    CONFIGURED;

    List<RunbookStep> steps(Layer layer, Cause cause) {
      return switch (this) {
        case NONE -> Runbook.stepsFor(layer, cause);
        case CONFIGURED ->
            Runbook.stepsFor(
                layer,
                cause,
                new RunbookContext(
                    Map.of(
                        "this.label",
                        "lb",
                        "this.host",
                        "shop.example.com",
                        "this.ip",
                        "192.0.2.11",
                        "this.port",
                        "443")));
        default -> {
          List<PathEvidence> paths = paths(layer);
          boolean valid = (layer == Layer.NONE) == (cause == Cause.NONE);
          // A verdict cannot pair NONE with a failure (or a failure with NONE): render those pairs
          // with the context a verdict of that layer gives.
          Verdict verdict = verdict(layer, valid ? cause : validCause(layer), paths);
          yield valid
              ? Runbook.stepsFor(verdict)
              : Runbook.stepsFor(layer, cause, RunbookContext.of(verdict));
        }
      };
    }

    private static Cause validCause(Layer layer) {
      return layer == Layer.NONE ? Cause.NONE : Cause.HTTP_5XX;
    }

    private List<PathEvidence> paths(Layer layer) {
      List<PathEvidence> paths = new ArrayList<>();
      boolean cdnFails = layer != Layer.NONE && layer != Layer.NETWORK;
      boolean lbFails = layer == Layer.LOAD_BALANCER || layer == Layer.ORIGIN;
      boolean originFails = layer == Layer.ORIGIN || layer == Layer.NETWORK;
      switch (this) {
        case TLS_CHAIN -> {
          paths.add(
              path(
                  PathKind.CDN,
                  0,
                  "https://shop.example.com/health",
                  "shop.example.com",
                  "shop.example.com",
                  cdnFails,
                  "cloudfront",
                  "198.51.100.7:443",
                  Map.of("X-Amz-Cf-Id", "Zx9-cf-id==", "Via", "1.1 abc.cloudfront.net")));
          paths.add(
              path(
                  PathKind.LB,
                  0,
                  "https://my-alb-123.us-east-1.elb.amazonaws.com/health",
                  "shop.example.com",
                  "shop.example.com",
                  lbFails,
                  "alb",
                  "203.0.113.5:443",
                  Map.of("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678")));
          paths.add(
              path(
                  PathKind.ORIGIN,
                  0,
                  "https://10.0.1.23:8443/health?deep=1",
                  "shop.example.com",
                  "origin.internal",
                  originFails,
                  "nginx",
                  "10.0.1.23:8443",
                  Map.of()));
        }
        case PLAIN_CHAIN -> {
          paths.add(
              path(
                  PathKind.CDN,
                  0,
                  "http://shop.example.com/health",
                  "shop.example.com",
                  "shop.example.com",
                  cdnFails,
                  null,
                  null,
                  Map.of()));
          paths.add(
              path(
                  PathKind.LB,
                  0,
                  "http://lb.example.net:8081/",
                  "shop.example.com",
                  "shop.example.com",
                  lbFails,
                  null,
                  "203.0.113.5:8081",
                  Map.of()));
          paths.add(
              path(
                  PathKind.ORIGIN,
                  0,
                  "http://10.0.1.23:8080/health",
                  "shop.example.com",
                  "shop.example.com",
                  originFails,
                  null,
                  null,
                  Map.of()));
        }
        case INSTANCES -> {
          paths.add(
              path(
                  PathKind.CDN,
                  0,
                  "https://shop.example.com/health",
                  "shop.example.com",
                  "shop.example.com",
                  cdnFails,
                  "cloudflare",
                  "198.51.100.7:443",
                  Map.of("CF-Ray", "8a1b2c3d4e5f6789-FRA")));
          paths.add(
              path(
                  PathKind.LB,
                  0,
                  "https://my-alb-123.us-east-1.elb.amazonaws.com/health",
                  "shop.example.com",
                  "shop.example.com",
                  lbFails,
                  "haproxy",
                  "203.0.113.5:443",
                  Map.of()));
          for (int i = 0; i < 3; i++) {
            String url =
                i == 2
                    ? "http://[2001:db8::5]:8080/health"
                    : "http://10.0.1.2" + (3 + i) + ":8080/health";
            String remote = i == 2 ? "[2001:db8::5]:8080" : "10.0.1.2" + (3 + i) + ":8080";
            paths.add(
                path(
                    PathKind.ORIGIN,
                    i,
                    url,
                    "shop.example.com",
                    "shop.example.com",
                    i == 1 && (originFails || layer == Layer.ORIGIN),
                    i == 1 ? "apache" : null,
                    remote,
                    Map.of()));
          }
        }
        case CDN_ONLY ->
            paths.add(
                path(
                    PathKind.CDN,
                    0,
                    "https://shop.example.com/",
                    "shop.example.com",
                    "www.shop.example.com",
                    layer != Layer.NONE,
                    "nginx",
                    "198.51.100.7:443",
                    Map.of("X-Amz-Cf-Id", "Qq1-cf-id==")));
        default -> throw new IllegalStateException(name());
      }
      return paths;
    }
  }

  private static PathEvidence path(
      PathKind kind,
      int instance,
      String url,
      String host,
      String sni,
      boolean failing,
      String generator,
      String remote,
      Map<String, String> correlation) {
    return new PathEvidence(
        kind,
        instance,
        "eu-west-1",
        url,
        host,
        sni,
        failing ? FailureClass.HTTP_5XX : FailureClass.OK,
        failing ? "502" : "",
        failing ? 502 : 200,
        generator,
        "",
        remote,
        AT,
        "req-" + kind.key() + "-" + instance,
        TIMINGS,
        new LinkedHashMap<>(correlation),
        1,
        failing ? 1 : 0);
  }

  private static Verdict verdict(Layer layer, Cause cause, List<PathEvidence> paths) {
    boolean none = layer == Layer.NONE;
    return new Verdict(
        layer,
        cause,
        none ? Severity.INFO : Severity.PAGE,
        "golden case " + layer + " / " + cause,
        none ? Scope.NONE : Scope.ALL_REGIONS,
        none ? List.of() : List.of("eu-west-1"),
        layer == Layer.INCONCLUSIVE ? List.of(Layer.CDN, Layer.LOAD_BALANCER) : List.of(),
        none ? 0.0 : 1.0,
        List.of(),
        new Evidence("eu-west-1", paths, AddedLatency.UNKNOWN));
  }

  private static String text(List<RunbookStep> steps) {
    StringBuilder all = new StringBuilder();
    int n = 1;
    for (RunbookStep s : steps) {
      all.append(n++).append(". ").append(s.action()).append('\n');
      s.command().ifPresent(c -> all.append("   $ ").append(c).append('\n'));
    }
    return all.toString();
  }
}
