package dev.probefleet.lab;

import static dev.probefleet.captures.Scenario.CLOSED_BEFORE_HEADERS;
import static dev.probefleet.captures.Scenario.INVALID_HEADER;
import static dev.probefleet.captures.Scenario.NO_HEALTHY_UPSTREAM;
import static dev.probefleet.captures.Scenario.OVERSIZED_HEADER;
import static dev.probefleet.captures.Scenario.REFUSED;
import static dev.probefleet.captures.Scenario.TIMEOUT;
import static dev.probefleet.captures.Software.HAPROXY;
import static dev.probefleet.captures.Software.NGINX;
import static dev.probefleet.lab.LabFault.*;
import static dev.probefleet.lab.RawHttpClient.Outcome.BODY_CUT;
import static dev.probefleet.lab.RawHttpClient.Outcome.BODY_TIMEOUT;
import static dev.probefleet.lab.RawHttpClient.Outcome.CLOSED_IN_HEAD;
import static dev.probefleet.lab.RawHttpClient.Outcome.CONNECT_TIMEOUT;
import static dev.probefleet.lab.RawHttpClient.Outcome.EMPTY_REPLY;
import static dev.probefleet.lab.RawHttpClient.Outcome.INVALID;
import static dev.probefleet.lab.RawHttpClient.Outcome.NO_RESPONSE_IN_TIME;
import static dev.probefleet.lab.RawHttpClient.Outcome.OVERSIZED_HEAD;
import static dev.probefleet.lab.RawHttpClient.Outcome.RESET;
import static dev.probefleet.lab.Sees.app;
import static dev.probefleet.lab.Sees.ok;
import static dev.probefleet.lab.Sees.outcome;
import static dev.probefleet.lab.Sees.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.RawHttpClient.Answer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault of the default topology (one origin, no origin web server, plain HTTP), as a client
 * sees it on each path: the status and the exact body of the page the real software wrote, or what
 * went wrong with the connection, and when the timing is the point, how long it took. The faults
 * that need TLS, several instances, an origin web server or DNS have their own tests.
 *
 * <p>The lab runs with short timeouts so that the table stays fast: the load balancer's {@code
 * timeout connect} is 300 ms and its {@code timeout server} 2 s, the CDN's read timeout 4 s, a slow
 * origin takes 1.5 s (a {@code TIMEOUT_SHORT} hop gives up after 500 ms), and the client waits 5 s.
 * Time windows are wide: the machine is shared with other builds.
 */
class LabFaultsIT {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration ZERO = Duration.ZERO;

  static LabBuilder fastLab() {
    return Lab.builder()
        .lbConnectTimeout(Duration.ofMillis(300))
        .lbServerTimeout(Duration.ofSeconds(2))
        .cdnReadTimeout(Duration.ofSeconds(4))
        .slowOriginDelay(Duration.ofMillis(1500));
  }

  private static Arguments when(LabFault fault, Sees cdn, Sees lb, Sees origin) {
    return Arguments.of(fault, cdn, lb, origin);
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        // when(fault, what a client sees at the cdn, at the lb, at the origin)
        when(
            ORIGIN_REFUSED,
            page(HAPROXY, REFUSED),
            page(HAPROXY, REFUSED),
            outcome(RawHttpClient.Outcome.REFUSED)),
        when(
            ORIGIN_CONNECT_TIMEOUT,
            page(HAPROXY, REFUSED),
            page(HAPROXY, REFUSED),
            outcome(CONNECT_TIMEOUT)),
        when(
            ORIGIN_INVALID_HEADER,
            page(HAPROXY, INVALID_HEADER),
            page(HAPROXY, INVALID_HEADER),
            outcome(INVALID)),
        when(
            ORIGIN_INVALID_STATUS_LINE,
            page(HAPROXY, INVALID_HEADER),
            page(HAPROXY, INVALID_HEADER),
            outcome(INVALID)),
        when(
            ORIGIN_CLOSE_BEFORE_HEADERS,
            page(HAPROXY, CLOSED_BEFORE_HEADERS),
            page(HAPROXY, CLOSED_BEFORE_HEADERS),
            outcome(EMPTY_REPLY)),
        when(
            ORIGIN_CLOSE_MID_HEADERS,
            page(HAPROXY, CLOSED_BEFORE_HEADERS),
            page(HAPROXY, CLOSED_BEFORE_HEADERS),
            outcome(CLOSED_IN_HEAD)),
        when(
            ORIGIN_RESET,
            page(HAPROXY, CLOSED_BEFORE_HEADERS),
            page(HAPROXY, CLOSED_BEFORE_HEADERS),
            outcome(RESET)),
        when(
            ORIGIN_SLOW,
            ok().after(secs(1.4), secs(4)),
            ok().after(secs(1.4), secs(4)),
            ok().after(secs(1.4), secs(4))),
        when(
            ORIGIN_HANG,
            page(HAPROXY, TIMEOUT).after(secs(1.9), secs(3.5)),
            page(HAPROXY, TIMEOUT).after(secs(1.9), secs(3.5)),
            outcome(NO_RESPONSE_IN_TIME)),
        when(
            ORIGIN_OVERSIZED_HEADERS,
            page(HAPROXY, OVERSIZED_HEADER),
            page(HAPROXY, OVERSIZED_HEADER),
            outcome(OVERSIZED_HEAD)),
        when(ORIGIN_TRUNCATED_BODY, outcome(BODY_CUT), outcome(BODY_CUT), outcome(BODY_CUT)),
        when(
            ORIGIN_STALL_MID_BODY,
            outcome(BODY_CUT).after(secs(1.9), secs(3.5)),
            outcome(BODY_CUT).after(secs(1.9), secs(3.5)),
            outcome(BODY_TIMEOUT)),
        when(ORIGIN_RESET_MID_BODY, outcome(BODY_CUT), outcome(BODY_CUT), outcome(BODY_CUT)),
        when(
            ORIGIN_HTTP_500,
            app(500, "500 Internal Server Error"),
            app(500, "500 Internal Server Error"),
            app(500, "500 Internal Server Error")),
        when(
            ORIGIN_HTTP_503,
            app(503, "503 Service Unavailable"),
            app(503, "503 Service Unavailable"),
            app(503, "503 Service Unavailable")),
        when(
            ORIGIN_HTTP_404,
            app(404, "404 Not Found"),
            app(404, "404 Not Found"),
            app(404, "404 Not Found")),
        when(
            ORIGIN_WRONG_BODY,
            app(200, "maintenance"),
            app(200, "maintenance"),
            app(200, "maintenance")),
        when(LB_DOWN, page(NGINX, REFUSED), outcome(RawHttpClient.Outcome.REFUSED), ok()),
        when(
            LB_UPSTREAM_PORT_WRONG,
            page(HAPROXY, REFUSED),
            page(HAPROXY, REFUSED).after(secs(0.25), secs(2)),
            ok()),
        when(
            LB_TIMEOUT_SHORT,
            page(HAPROXY, TIMEOUT).after(secs(0.4), secs(1.3)),
            page(HAPROXY, TIMEOUT).after(secs(0.4), secs(1.3)),
            ok().after(secs(1.4), secs(4))),
        when(
            LB_NO_HEALTHY_UPSTREAM,
            page(HAPROXY, NO_HEALTHY_UPSTREAM),
            page(HAPROXY, NO_HEALTHY_UPSTREAM).after(ZERO, secs(0.5)),
            ok()),
        when(
            LB_HEADER_BUFFER_SMALL,
            page(HAPROXY, OVERSIZED_HEADER),
            page(HAPROXY, OVERSIZED_HEADER),
            ok()),
        when(CDN_DOWN, outcome(RawHttpClient.Outcome.REFUSED), ok(), ok()),
        when(CDN_UPSTREAM_PORT_WRONG, page(NGINX, REFUSED).after(ZERO, secs(0.5)), ok(), ok()),
        when(
            CDN_TIMEOUT_SHORT,
            page(NGINX, TIMEOUT).after(secs(0.4), secs(1.3)),
            ok().after(secs(1.4), secs(4)),
            ok().after(secs(1.4), secs(4))),
        when(CDN_HEADER_BUFFER_SMALL, page(NGINX, OVERSIZED_HEADER), ok(), ok()));
  }

  @ParameterizedTest(name = "{0}: cdn {1}, lb {2}, origin {3}")
  @MethodSource("faults")
  void eachPathSeesWhatTheRealSoftwareAnswers(LabFault fault, Sees cdn, Sees lb, Sees origin) {
    try (Lab lab = fastLab().start()) {
      RawHttpClient client = RawHttpClient.withTimeout(CLIENT_TIMEOUT);
      lab.inject(fault);
      Answer atCdn = client.get(lab.cdnPath());
      Answer atLb = client.get(lab.lbPath());
      Answer atOrigin = client.get(lab.originPath(0));
      SoftAssertions softly = new SoftAssertions();
      softly.check(() -> cdn.check().accept(atCdn));
      softly.check(() -> lb.check().accept(atLb));
      softly.check(() -> origin.check().accept(atOrigin));
      softly.assertAll();
    }
  }

  @Test
  void theTableCoversEveryFaultOfTheDefaultTopology() {
    Set<LabFault> covered =
        faults()
            .map(a -> (LabFault) a.get()[0])
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(LabFault.class)));
    Set<LabFault> elsewhere =
        EnumSet.of(
            APP_DOWN, // LabOriginWebServerIT
            LB_INTERMITTENT_502, // LabIT
            LB_CERTIFICATE_EXPIRED, // LabTlsIT
            LB_CERTIFICATE_WRONG_NAME,
            LB_CERTIFICATE_EXPIRING,
            CDN_UPSTREAM_TLS_FAILED,
            DNS_NXDOMAIN, // LabDnsIT
            DNS_SERVFAIL,
            DNS_TIMEOUT,
            DNS_UNEXPECTED_ADDRESS);
    assertThat(covered).doesNotContainAnyElementsOf(elsewhere);
    Set<LabFault> all = EnumSet.copyOf(covered);
    all.addAll(elsewhere);
    assertThat(all).containsExactlyInAnyOrder(LabFault.values());
  }

  @Test
  void theCdnRelaysTheLoadBalancersPageUnderItsOwnServerHeader() {
    try (Lab lab = fastLab().start()) {
      RawHttpClient client = RawHttpClient.withTimeout(CLIENT_TIMEOUT);
      lab.inject(ORIGIN_REFUSED);
      Answer atLb = client.get(lab.lbPath());
      Answer atCdn = client.get(lab.cdnPath());
      // HAProxy's page as recorded: lower-case names, no Server, no Date
      assertThat(atLb.fieldNames())
          .containsExactly("content-length", "cache-control", "content-type", "connection");
      // nginx in front writes its own Server and Date, Content-Type and framing first, then the
      // rest
      assertThat(atCdn.fieldNames())
          .containsExactly(
              "Server", "Date", "Content-Type", "Content-Length", "Connection", "cache-control");
      assertThat(atCdn.header("Server")).contains("nginx/1.22.1");
      assertThat(atCdn.body()).isEqualTo(atLb.body());
    }
  }

  @Test
  void theLoadBalancersTimeoutAnswersAfterItsTimeoutNotTheOriginsLatency() {
    try (Lab lab = fastLab().slowOriginDelay(Duration.ofSeconds(3)).start()) {
      RawHttpClient client = RawHttpClient.withTimeout(CLIENT_TIMEOUT);
      lab.inject(LB_TIMEOUT_SHORT);
      List<Answer> answers = List.of(client.get(lab.lbPath()), client.get(lab.lbPath()));
      for (Answer answer : answers) {
        page(HAPROXY, TIMEOUT).after(secs(0.4), secs(1.5)).check().accept(answer);
      }
      ok().after(secs(2.9), secs(5)).check().accept(client.get(lab.originPath(0)));
    }
  }

  private static Duration secs(double seconds) {
    return Duration.ofMillis((long) (seconds * 1000));
  }
}
