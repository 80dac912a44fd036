package dev.probefleet.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.ResponseHeaders;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.store.contract.Rounds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The cause a verdict gives for the pages the real proxies wrote (recorded in shared/captures), as
 * the shipped fingerprint rules read them and the attribution's timing rules judge them: the page's
 * meaning and the timings together, end to end through the fingerprinter.
 */
class RecordedPageCausesTest {
  private static final long MS = 1_000_000L;
  private static final Instant AT = Instant.parse("2026-11-24T09:01:02Z");
  private static final RoundSlot SLOT = RoundSlot.containing(AT, Duration.ofMinutes(1));
  private static final Target TARGET = Rounds.target("shop");

  private final BaselineLearning baselines =
      new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults());

  @Test
  void apacheAsLoadBalancerWhoseProxyTimeoutIsShorterThanTheOrigin() {
    Verdict v =
        verdict(
            page(PathKind.CDN, Software.APACHE, Scenario.TIMEOUT, 1004),
            page(PathKind.LB, Software.APACHE, Scenario.TIMEOUT, 1001),
            healthy(PathKind.ORIGIN, 2003));
    assertThat(List.of(v.layer(), v.cause()))
        .as(v.summary())
        .containsExactly(Layer.LOAD_BALANCER, Cause.UPSTREAM_TIMEOUT);
  }

  @Test
  void apacheAsLoadBalancerTowardsAClosedPort() {
    Verdict v =
        verdict(
            page(PathKind.CDN, Software.APACHE, Scenario.REFUSED, 3),
            page(PathKind.LB, Software.APACHE, Scenario.REFUSED, 2),
            healthy(PathKind.ORIGIN, 25));
    assertThat(List.of(v.layer(), v.cause()))
        .as(v.summary())
        .containsExactly(Layer.LOAD_BALANCER, Cause.UPSTREAM_CONNECT_FAILED);
  }

  @Test
  void anOriginWebServerWhoseApplicationServerKilledASlowRequest() {
    // nginx in front of php-fpm (request_terminate_timeout 1 s) or gunicorn (--timeout 1): the
    // killed worker's connection closes, and nginx answers the 502 it answers for any close.
    Verdict v =
        verdict(
            page(PathKind.CDN, Software.NGINX, Scenario.CLOSED_BEFORE_HEADERS, 1012),
            page(PathKind.LB, Software.NGINX, Scenario.CLOSED_BEFORE_HEADERS, 1008),
            page(PathKind.ORIGIN, Software.NGINX, Scenario.CLOSED_BEFORE_HEADERS, 1003));
    assertThat(List.of(v.layer(), v.cause()))
        .as(v.summary())
        .containsExactly(Layer.ORIGIN, Cause.UPSTREAM_TIMEOUT);
    assertThat(v.summary()).contains("killed a slow request after 1.0 s");
  }

  @Test
  void anOriginWebServerWhoseApplicationServerIsDown() {
    Verdict nginx =
        verdict(
            page(PathKind.CDN, Software.NGINX, Scenario.REFUSED, 6),
            page(PathKind.LB, Software.NGINX, Scenario.REFUSED, 4),
            page(PathKind.ORIGIN, Software.NGINX, Scenario.REFUSED, 2));
    assertThat(List.of(nginx.layer(), nginx.cause()))
        .as(nginx.summary())
        .containsExactly(Layer.ORIGIN, Cause.UPSTREAM_APP_DOWN);

    Verdict apache =
        verdict(
            page(PathKind.CDN, Software.APACHE, Scenario.REFUSED, 6),
            page(PathKind.LB, Software.APACHE, Scenario.REFUSED, 4),
            page(PathKind.ORIGIN, Software.APACHE, Scenario.REFUSED, 2));
    assertThat(List.of(apache.layer(), apache.cause()))
        .as(apache.summary())
        .containsExactly(Layer.ORIGIN, Cause.UPSTREAM_APP_DOWN);
  }

  @Test
  void haproxysOwnPagesPinTheirCauseAndItsTimingRefinesIt() {
    Verdict refused =
        verdict(
            healthy(PathKind.CDN, 1010),
            page(PathKind.LB, Software.HAPROXY, Scenario.REFUSED, 1001),
            healthy(PathKind.ORIGIN, 20));
    assertThat(refused.cause()).as(refused.summary()).isEqualTo(Cause.UPSTREAM_CONNECT_FAILED);

    Verdict allDown =
        verdict(
            healthy(PathKind.CDN, 30),
            page(PathKind.LB, Software.HAPROXY, Scenario.NO_HEALTHY_UPSTREAM, 1),
            healthy(PathKind.ORIGIN, 20));
    assertThat(allDown.cause()).as(allDown.summary()).isEqualTo(Cause.NO_HEALTHY_UPSTREAM);
  }

  @Test
  void aBareFrontProxy502InFrontOfAnOversizedHeaderBlock() {
    ProbeResult origin = withHeaderBytes(healthy(PathKind.ORIGIN, 20), 70 * 1024);
    Verdict v =
        verdict(
            page(PathKind.CDN, Software.NGINX, Scenario.OVERSIZED_HEADER, 24),
            page(PathKind.LB, Software.NGINX, Scenario.OVERSIZED_HEADER, 22),
            origin);
    assertThat(List.of(v.layer(), v.cause()))
        .as(v.summary())
        .containsExactly(Layer.LOAD_BALANCER, Cause.UPSTREAM_HEADER_TOO_LARGE);
  }

  private Verdict verdict(ProbeResult cdn, ProbeResult lb, ProbeResult origin) {
    RoundRecord record =
        new RoundRecord(
            TARGET.name(),
            SLOT,
            "us-east-1",
            AT.minusSeconds(1),
            List.of(PathObservation.of(cdn), PathObservation.of(lb), PathObservation.of(origin)));
    RegionRound round = baselines.fingerprinted(record);
    return Attribution.attribute(AttributionInput.of(TARGET, SLOT, List.of(round), AT));
  }

  private static ProbeResult page(PathKind path, Software software, Scenario scenario, long ms) {
    CapturedPage p = CapturedPages.load(software, scenario);
    List<ResponseHeaders.Field> headers = new ArrayList<>();
    p.headers().forEach(h -> headers.add(new ResponseHeaders.Field(h.name(), h.value())));
    byte[] body = p.bodyBytes();
    CapturedResponse response =
        new CapturedResponse(
            p.version(),
            p.status(),
            p.reason(),
            new ResponseHeaders(headers),
            body,
            body.length,
            true);
    FailureClass cls = p.status() >= 500 ? FailureClass.HTTP_5XX : FailureClass.OK;
    return result(path, cls, p.status(), Optional.of(response), ms);
  }

  private static ProbeResult healthy(PathKind path, long ms) {
    CapturedResponse ok =
        new CapturedResponse(
            "HTTP/1.1",
            200,
            "OK",
            new ResponseHeaders(List.of(new ResponseHeaders.Field("Content-Length", "3"))),
            "ok\n".getBytes(),
            3,
            true);
    return result(path, FailureClass.OK, 200, Optional.of(ok), ms);
  }

  private static ProbeResult result(
      PathKind path,
      FailureClass cls,
      int status,
      Optional<CapturedResponse> response,
      long ttfbMs) {
    boolean origin = path == PathKind.ORIGIN;
    String url =
        switch (path) {
          case CDN -> "https://shop.example.com/health";
          case LB -> "https://lb.example.net/health";
          case ORIGIN -> "http://10.0.1.23:8080/health";
        };
    return new ProbeResult(
        "shop",
        path,
        0,
        url,
        cls,
        cls == FailureClass.OK ? "" : "status " + status,
        status,
        origin ? "10.0.1.23:8080" : "192.0.2.10:443",
        List.of(),
        AT,
        "req-" + path.key(),
        new PhaseTimings(
            origin ? null : 2 * MS,
            MS,
            origin ? null : 4 * MS,
            MS / 10,
            ttfbMs * MS,
            MS / 2,
            (ttfbMs + 8) * MS),
        response,
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        false);
  }

  private static ProbeResult withHeaderBytes(ProbeResult r, int bytes) {
    return new ProbeResult(
        r.target(),
        r.path(),
        r.instance(),
        r.url(),
        r.failureClass(),
        r.detail(),
        r.status(),
        r.remoteAddress(),
        r.resolvedAddresses(),
        r.probedAt(),
        r.requestId(),
        r.timings(),
        r.response(),
        r.tls(),
        r.correlation(),
        r.location(),
        r.connectionReused(),
        bytes);
  }
}
