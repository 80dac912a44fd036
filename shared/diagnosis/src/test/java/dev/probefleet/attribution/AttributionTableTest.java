package dev.probefleet.attribution;

import static dev.probefleet.model.Cause.*;
import static dev.probefleet.model.FailureClass.CONNECTION_REFUSED;
import static dev.probefleet.model.FailureClass.CONNECTION_RESET;
import static dev.probefleet.model.FailureClass.CONNECT_TIMEOUT;
import static dev.probefleet.model.FailureClass.DNS_FAILURE;
import static dev.probefleet.model.FailureClass.DNS_UNEXPECTED_ADDRESS;
import static dev.probefleet.model.FailureClass.INVALID_RESPONSE;
import static dev.probefleet.model.FailureClass.NETWORK_UNREACHABLE;
import static dev.probefleet.model.FailureClass.PREMATURE_CLOSE;
import static dev.probefleet.model.FailureClass.RESPONSE_TIMEOUT;
import static dev.probefleet.model.FailureClass.TLS_CERTIFICATE_INVALID;
import static dev.probefleet.model.Layer.CDN;
import static dev.probefleet.model.Layer.DNS;
import static dev.probefleet.model.Layer.INCONCLUSIVE;
import static dev.probefleet.model.Layer.LOAD_BALANCER;
import static dev.probefleet.model.Layer.NETWORK;
import static dev.probefleet.model.Layer.ORIGIN;
import static dev.probefleet.model.Severity.INFO;
import static dev.probefleet.model.Severity.PAGE;
import static dev.probefleet.model.Severity.WARN;
import static dev.probefleet.scenario.Pages.*;
import static dev.probefleet.scenario.Sample.fails;
import static dev.probefleet.scenario.Sample.ok;
import static dev.probefleet.scenario.Sample.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.Severity;
import dev.probefleet.scenario.Sample;
import dev.probefleet.scenario.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row and refinement of DESIGN §1's attribution table, one scenario each. The first block is
 * the end-to-end acceptance matrix (nginx as CDN, HAProxy as LB, a test origin).
 */
class AttributionTableTest {
  private static final String PLAIN_LB = "http://lb.example.net/health";

  record Row(String name, Scenario scenario, Layer layer, Cause cause, Severity severity) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> acceptanceMatrix() {
    return rows(
        row(
            "healthy",
            Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok()),
            Layer.NONE,
            NONE,
            INFO),
        row(
            "origin port closed; HAProxy 503 No server is available; nginx passes 503 on",
            Scenario.fullChain().cdn(nginx503()).lb(haproxy503()).origin(fails(CONNECTION_REFUSED)),
            ORIGIN,
            Cause.CONNECTION_REFUSED,
            PAGE),
        row(
            "origin port closed; nginx 502s in front of HAProxy's 503",
            Scenario.fullChain().cdn(nginx502()).lb(haproxy503()).origin(fails(CONNECTION_REFUSED)),
            ORIGIN,
            Cause.CONNECTION_REFUSED,
            PAGE),
        row(
            "origin sends an invalid header line; HAProxy 502 invalid or incomplete response",
            Scenario.fullChain().cdn(nginx502()).lb(haproxy502()).origin(fails(INVALID_RESPONSE)),
            ORIGIN,
            Cause.INVALID_RESPONSE,
            PAGE),
        row(
            "origin closes before headers",
            Scenario.fullChain().cdn(nginx502()).lb(haproxy502()).origin(fails(PREMATURE_CLOSE)),
            ORIGIN,
            Cause.PREMATURE_CLOSE,
            PAGE),
        row(
            "HAProxy's server line points at a closed port; origin fine directly",
            Scenario.fullChain().cdn(nginx503()).lb(haproxy503()).origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        // A load balancer passes its origin's Server header through, so the lb path's learned
        // baseline is the origin's software (nginx here): HAProxy's own page is still the LB's.
        row(
            "HAProxy's server line points at a closed port; its healthy answers carry the"
                + " origin's nginx",
            Scenario.fullChain()
                .baseline("cdn", "nginx")
                .baseline("lb", "nginx")
                .cdn(nginx503())
                .lb(haproxy503())
                .origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "origin answers in 2 s, HAProxy timeout server 500ms; its healthy answers carry the"
                + " origin's nginx",
            Scenario.fullChain()
                .baseline("cdn", "nginx")
                .baseline("lb", "nginx")
                .cdn(nginx504().ttfbMs(505))
                .lb(haproxy504().ttfbMs(500))
                .origin(ok().ttfbMs(2000)),
            LOAD_BALANCER,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "nginx's upstream points at a closed port; lb (plain HTTP) and origin fine",
            Scenario.fullChain().lbUrl(PLAIN_LB).cdn(nginx502()).lb(ok()).origin(ok()),
            CDN,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        // The same bare nginx 502 towards a load balancer that speaks TLS: the page cannot tell a
        // failed handshake from a refused connection; between TLS hops the handshake is the usual
        // culprit (nginx sends no SNI upstream by default), and the summary says both.
        row(
            "nginx 502 towards a TLS load balancer that answers directly: TLS between the hops",
            Scenario.fullChain().cdn(nginx502()).lb(ok()).origin(ok()),
            CDN,
            UPSTREAM_TLS_FAILED,
            PAGE),
        row(
            "HAProxy 503 at once, without trying a server: every server marked down",
            Scenario.fullChain().cdn(nginx503()).lb(haproxy503NoServerUp()).origin(ok()),
            LOAD_BALANCER,
            NO_HEALTHY_UPSTREAM,
            PAGE),
        row(
            "origin answers in 2 s, HAProxy timeout server 500ms",
            Scenario.fullChain()
                .cdn(nginx504().ttfbMs(505))
                .lb(haproxy504().ttfbMs(500))
                .origin(ok().ttfbMs(2000)),
            LOAD_BALANCER,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "origin answers after 60 s, probe timeout 5 s; lb and cdn time out too",
            Scenario.fullChain()
                .cdn(fails(RESPONSE_TIMEOUT).ttfbMs(5000))
                .lb(fails(RESPONSE_TIMEOUT).ttfbMs(5000))
                .origin(fails(RESPONSE_TIMEOUT).ttfbMs(5000)),
            ORIGIN,
            Cause.RESPONSE_TIMEOUT,
            PAGE),
        row(
            "origin answers after 60 s, probe timeout 5 s; lb and cdn answer 504",
            Scenario.fullChain()
                .cdn(nginx504().ttfbMs(4000))
                .lb(haproxy504().ttfbMs(4000))
                .origin(fails(RESPONSE_TIMEOUT).ttfbMs(5000)),
            ORIGIN,
            Cause.RESPONSE_TIMEOUT,
            PAGE));
  }

  static Stream<Arguments> withoutFingerprints() {
    return rows(
        row(
            "HAProxy 503 known from its body alone",
            Scenario.fullChain()
                .cdn(status(503).body(NGINX_503))
                .lb(status(503).body(HAPROXY_503))
                .origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "nginx 502 known from its body alone",
            Scenario.fullChain()
                .lbUrl(PLAIN_LB)
                .cdn(status(502).body(NGINX_502))
                .lb(ok())
                .origin(ok()),
            CDN,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "HAProxy 504 known from its body alone, origin slow",
            Scenario.fullChain()
                .cdn(status(504).body(NGINX_504).ttfbMs(510))
                .lb(status(504).body(HAPROXY_504).ttfbMs(500))
                .origin(ok().ttfbMs(2000)),
            LOAD_BALANCER,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "a 500 nobody known wrote, at the LB, while the origin answers",
            Scenario.fullChain().cdn(status(500)).lb(status(500).body("oops")).origin(ok()),
            LOAD_BALANCER,
            HTTP_5XX,
            PAGE));
  }

  static Stream<Arguments> designTable() {
    return rows(
        row(
            "origin fails, lb fails, cdn ok (cached): ORIGIN, users through the CDN served",
            Scenario.fullChain().cdn(ok()).lb(haproxy503()).origin(fails(CONNECTION_REFUSED)),
            ORIGIN,
            Cause.CONNECTION_REFUSED,
            WARN),
        row(
            "origin ok, lb fails, cdn ok: LOAD_BALANCER, warning",
            Scenario.fullChain().cdn(ok()).lb(haproxy503()).origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            WARN),
        row(
            "origin fails, lb ok, cdn ok: an instance kept out by health checks",
            Scenario.fullChain().cdn(ok()).lb(ok()).origin(fails(CONNECTION_REFUSED)),
            ORIGIN,
            INSTANCE_DEGRADED,
            WARN),
        row(
            "origin times out connecting from the prober, lb and cdn ok: NETWORK",
            Scenario.fullChain().cdn(ok()).lb(ok()).origin(fails(CONNECT_TIMEOUT)),
            NETWORK,
            Cause.CONNECT_TIMEOUT,
            WARN),
        row(
            "origin unreachable from the prober, lb and cdn ok: NETWORK",
            Scenario.fullChain().cdn(ok()).lb(ok()).origin(fails(NETWORK_UNREACHABLE)),
            NETWORK,
            Cause.NETWORK_UNREACHABLE,
            WARN),
        row(
            "origin fails, lb ok, cdn fails: CDN (plus the instance warning)",
            Scenario.fullChain()
                .lbUrl(PLAIN_LB)
                .cdn(nginx502())
                .lb(ok())
                .origin(fails(CONNECTION_REFUSED)),
            CDN,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "the lb refuses connections itself while the origin answers",
            Scenario.fullChain().cdn(nginx502()).lb(fails(CONNECTION_REFUSED)).origin(ok()),
            LOAD_BALANCER,
            Cause.CONNECTION_REFUSED,
            PAGE),
        row(
            "the cdn's own certificate is invalid",
            Scenario.fullChain().cdn(fails(TLS_CERTIFICATE_INVALID)).lb(ok()).origin(ok()),
            CDN,
            Cause.TLS_CERTIFICATE_INVALID,
            PAGE),
        row(
            "the lb answers 404 for the Host while the origin answers",
            Scenario.fullChain().cdn(status(404)).lb(status(404)).origin(ok()),
            LOAD_BALANCER,
            HTTP_UNEXPECTED_STATUS,
            PAGE));
  }

  static Stream<Arguments> dnsRows() {
    return rows(
        row(
            "the cdn's own name does not resolve",
            Scenario.fullChain()
                .cdn(fails(DNS_FAILURE).detail("NXDOMAIN for shop.example.com"))
                .lb(ok())
                .origin(ok()),
            DNS,
            Cause.DNS_FAILURE,
            PAGE),
        row(
            "the lb's name resolves outside expectAddresses and the cdn 502s",
            Scenario.fullChain().cdn(nginx502()).lb(fails(DNS_UNEXPECTED_ADDRESS)).origin(ok()),
            DNS,
            Cause.DNS_UNEXPECTED_ADDRESS,
            PAGE),
        row(
            "an origin by name does not resolve while the lb answers",
            Scenario.fullChain()
                .originUrl(0, "http://app-1.internal.example.com:8080/health")
                .cdn(ok())
                .lb(ok())
                .origin(fails(DNS_FAILURE)),
            DNS,
            Cause.DNS_FAILURE,
            WARN));
  }

  static Stream<Arguments> missingPaths() {
    return rows(
        row(
            "only cdn configured and it fails",
            Scenario.paths(PathKind.CDN)
                .cdn(status(502).page("cloudfront", "could not connect to origin")),
            INCONCLUSIVE,
            HTTP_5XX,
            PAGE),
        row(
            "cdn and origin configured, cdn fails, origin ok",
            Scenario.paths(PathKind.CDN, PathKind.ORIGIN).cdn(nginx502()).origin(ok()),
            INCONCLUSIVE,
            HTTP_5XX,
            PAGE),
        row(
            "cdn and lb configured, lb fails",
            Scenario.paths(PathKind.CDN, PathKind.LB).cdn(nginx502()).lb(haproxy503()),
            INCONCLUSIVE,
            HTTP_5XX,
            PAGE),
        row(
            "cdn and lb configured, cdn fails, lb ok: no path missing for the verdict",
            Scenario.paths(PathKind.CDN, PathKind.LB).lbUrl(PLAIN_LB).cdn(nginx502()).lb(ok()),
            CDN,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "cdn and origin configured, both fail: the origin explains it",
            Scenario.paths(PathKind.CDN, PathKind.ORIGIN)
                .cdn(nginx502())
                .origin(fails(CONNECTION_REFUSED)),
            ORIGIN,
            Cause.CONNECTION_REFUSED,
            PAGE),
        row(
            "only the origin configured and it fails",
            Scenario.paths(PathKind.ORIGIN).origin(fails(PREMATURE_CLOSE)),
            ORIGIN,
            Cause.PREMATURE_CLOSE,
            PAGE),
        row(
            "lb and origin configured, lb fails, origin ok",
            Scenario.paths(PathKind.LB, PathKind.ORIGIN).lb(haproxy503()).origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE));
  }

  static Stream<Arguments> causes() {
    return rows(
        row(
            "envoy: no healthy upstream, while the origin answers",
            Scenario.fullChain()
                .cdn(status(503))
                .lb(
                    status(503)
                        .body("no healthy upstream")
                        .page("envoy", "")
                        .pageCause(NO_HEALTHY_UPSTREAM))
                .origin(ok()),
            LOAD_BALANCER,
            NO_HEALTHY_UPSTREAM,
            PAGE),
        row(
            "ALB 503: no healthy targets",
            Scenario.fullChain()
                .cdn(status(503))
                .lb(
                    status(503)
                        .reason("Service Temporarily Unavailable")
                        .page("alb", "")
                        .pageCause(NO_HEALTHY_UPSTREAM))
                .origin(ok()),
            LOAD_BALANCER,
            NO_HEALTHY_UPSTREAM,
            PAGE),
        // nginx writes the same bare 502 page whether the upstream refused or none was live (only
        // its error log says "no live upstreams", which `probefleet explain --log-line` reads), and
        // a fingerprint's meaning that lists both possibilities must not pick one.
        row(
            "nginx as LB, no live upstreams: its page cannot tell it from a refused connection",
            Scenario.fullChain()
                .cdn(status(502))
                .lb(
                    nginx502()
                        .page(
                            "nginx",
                            "nginx got no usable response from its upstream: refused, reset, or"
                                + " \"no live upstreams\" in its error log"))
                .origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "Cloudflare 521: web server is down",
            Scenario.fullChain()
                .cdn(
                    status(521)
                        .page("cloudflare", "Web server is down")
                        .pageCause(UPSTREAM_CONNECT_FAILED))
                .lb(ok())
                .origin(ok()),
            CDN,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "Cloudflare 522: connection timed out, still a connect failure",
            Scenario.fullChain()
                .cdn(
                    status(522)
                        .page("cloudflare", "Connection timed out")
                        .pageCause(UPSTREAM_CONNECT_FAILED))
                .lb(ok())
                .origin(ok()),
            CDN,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "Cloudflare 524 with a slow lb",
            Scenario.fullChain()
                .cdn(
                    status(524)
                        .page("cloudflare", "A timeout occurred")
                        .pageCause(UPSTREAM_TIMEOUT)
                        .ttfbMs(100_000))
                .lb(ok().ttfbMs(120_000))
                .origin(ok().ttfbMs(119_000)),
            CDN,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "Cloudflare 525: SSL handshake failed",
            Scenario.fullChain()
                .cdn(
                    status(525)
                        .page("cloudflare", "SSL handshake failed")
                        .pageCause(UPSTREAM_TLS_FAILED))
                .lb(ok())
                .origin(ok()),
            CDN,
            UPSTREAM_TLS_FAILED,
            PAGE),
        row(
            "envoy reset reason: connection failure",
            Scenario.fullChain()
                .cdn(status(503))
                .lb(
                    status(503)
                        .body(
                            "upstream connect error or disconnect/reset before headers. reset"
                                + " reason: connection failure")
                        .page("envoy", "")
                        .pageCause(UPSTREAM_CONNECT_FAILED))
                .origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "a 504 after 30 s while the origin answers in 20 ms: the LB never gets a connection",
            Scenario.fullChain()
                .cdn(nginx504().ttfbMs(30_000))
                .lb(nginx504().ttfbMs(30_000))
                .origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "the lb closes after 1 s while the origin answers in 3 s: the LB's timeout",
            Scenario.fullChain()
                .cdn(nginx502())
                .lb(fails(PREMATURE_CLOSE).ttfbMs(1000))
                .origin(ok().ttfbMs(3000)),
            LOAD_BALANCER,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "the lb resets at once while the origin answers fast",
            Scenario.fullChain().cdn(nginx502()).lb(fails(CONNECTION_RESET).ttfbMs(2)).origin(ok()),
            LOAD_BALANCER,
            Cause.CONNECTION_RESET,
            PAGE),
        row(
            "the origin's headers exceed the LB's buffers",
            Scenario.fullChain()
                .cdn(nginx502())
                .lb(nginx502())
                .origin(ok().header("Set-Cookie", "session=" + "x".repeat(9000))),
            LOAD_BALANCER,
            UPSTREAM_HEADER_TOO_LARGE,
            PAGE),
        row(
            "HAProxy says invalid response when the origin's headers exceed its buffer",
            Scenario.fullChain()
                .cdn(nginx502())
                .lb(haproxy502())
                .origin(ok().header("Set-Cookie", "session=" + "x".repeat(20000))),
            LOAD_BALANCER,
            UPSTREAM_HEADER_TOO_LARGE,
            PAGE),
        row(
            "nginx on the origin answers 502: its app server is down",
            Scenario.fullChain().cdn(nginx502()).lb(haproxy502()).origin(nginx502()),
            ORIGIN,
            UPSTREAM_APP_DOWN,
            PAGE),
        row(
            "nginx on the origin answers 504: its app server is too slow",
            Scenario.fullChain().cdn(nginx504()).lb(haproxy504()).origin(nginx504()),
            ORIGIN,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "the application itself answers 500",
            Scenario.fullChain()
                .cdn(status(500))
                .lb(status(500))
                .origin(
                    status(500)
                        .body("{\"error\":\"NullPointerException\"}")
                        .fingerprint("unknown", Fingerprint.Role.UNKNOWN, "")),
            ORIGIN,
            HTTP_5XX,
            PAGE),
        row(
            "the cdn passes on a page the LB's software wrote, while the lb answers the probe: the"
                + " 503 arises at the LB (a node or connection the probe does not reach)",
            Scenario.fullChain()
                .baseline("cdn", "nginx")
                .baseline("lb", "haproxy")
                .cdn(haproxy503())
                .lb(ok())
                .origin(ok()),
            LOAD_BALANCER,
            HTTP_5XX,
            PAGE));
  }

  /**
   * Timing and size as evidence (issue 14): a hop that answers after about its timeout while the
   * layer below is slower, an application server that kills a slow request, a header block larger
   * than a proxy's buffers. Timings as the real software gives them (Apache's ProxyTimeout 1 s,
   * php-fpm's request_terminate_timeout 1 s, gunicorn's --timeout 1 killing within 1-2 s).
   */
  static Stream<Arguments> evidenceRows() {
    return rows(
        row(
            "Apache as LB, ProxyTimeout 1 s, origin answers in 2 s: its 502 Proxy Error after 1 s"
                + " is a timeout",
            Scenario.paths(PathKind.LB, PathKind.ORIGIN)
                .lb(apacheProxyError().ttfbMs(1003))
                .origin(ok().ttfbMs(2002)),
            LOAD_BALANCER,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "Apache as LB answers the same 502 Proxy Error at once while the origin answers in 20"
                + " ms: no timeout, the origin's answers are unusable to it",
            Scenario.paths(PathKind.LB, PathKind.ORIGIN)
                .lb(apacheProxyError().ttfbMs(3))
                .origin(ok()),
            LOAD_BALANCER,
            HTTP_5XX,
            PAGE),
        row(
            "Apache as LB towards a closed port: its 503 page says it could not connect",
            Scenario.paths(PathKind.LB, PathKind.ORIGIN).lb(apache503().ttfbMs(2)).origin(ok()),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "an LB's 504 after 1 s while the origin answers in 3 s: nginx's proxy_read_timeout",
            Scenario.fullChain()
                .cdn(nginx504().ttfbMs(1004))
                .lb(nginx504().ttfbMs(1001))
                .origin(ok().ttfbMs(3001)),
            LOAD_BALANCER,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "CloudFront's page says it could not connect: a slow lb does not make it a timeout",
            Scenario.fullChain()
                .cdn(
                    status(502)
                        .page("cloudfront", "CloudFront could not connect to the origin")
                        .pageCause(UPSTREAM_CONNECT_FAILED)
                        .ttfbMs(1500))
                .lb(ok().ttfbMs(1800))
                .origin(ok().ttfbMs(1790)),
            CDN,
            UPSTREAM_CONNECT_FAILED,
            PAGE),
        row(
            "origin nginx -> php-fpm, request_terminate_timeout 1 s on a 3 s script: nginx 502"
                + " after 1 s",
            Scenario.fullChain()
                .cdn(nginx502().ttfbMs(1009))
                .lb(haproxy502().ttfbMs(1005))
                .origin(nginx502().ttfbMs(1002)),
            ORIGIN,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "origin nginx -> gunicorn --timeout 1 on a 3 s view, usually 40 ms: nginx 502 after"
                + " 1.6 s",
            Scenario.fullChain()
                .usualTtfbMs("origin[0]", 40)
                .cdn(nginx502().ttfbMs(1610))
                .lb(haproxy502().ttfbMs(1605))
                .origin(nginx502().ttfbMs(1600)),
            ORIGIN,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "origin nginx 502 in 3 ms: its application server is down",
            Scenario.fullChain()
                .usualTtfbMs("origin[0]", 40)
                .cdn(nginx502().ttfbMs(9))
                .lb(haproxy502().ttfbMs(6))
                .origin(nginx502().ttfbMs(3)),
            ORIGIN,
            UPSTREAM_APP_DOWN,
            PAGE),
        row(
            "origin that usually answers in 2 s sends a 502 after 700 ms: not a killed slow request",
            Scenario.fullChain()
                .usualTtfbMs("origin[0]", 2000)
                .cdn(nginx502().ttfbMs(710))
                .lb(haproxy502().ttfbMs(705))
                .origin(nginx502().ttfbMs(700)),
            ORIGIN,
            UPSTREAM_APP_DOWN,
            PAGE),
        row(
            "origin Apache mod_proxy towards a closed backend port: its 503 at once",
            Scenario.fullChain().cdn(nginx503()).lb(haproxy503()).origin(apache503().ttfbMs(2)),
            ORIGIN,
            UPSTREAM_APP_DOWN,
            PAGE),
        row(
            "origin probed straight at gunicorn, which closes the connection after its 1 s worker"
                + " timeout",
            Scenario.fullChain()
                .cdn(nginx502().ttfbMs(1210))
                .lb(haproxy502().ttfbMs(1205))
                .origin(fails(PREMATURE_CLOSE).ttfbMs(1200)),
            ORIGIN,
            UPSTREAM_TIMEOUT,
            PAGE),
        row(
            "an origin resetting after 300 ms is not a killed slow request",
            Scenario.fullChain()
                .cdn(nginx502())
                .lb(haproxy502())
                .origin(fails(CONNECTION_RESET).ttfbMs(300)),
            ORIGIN,
            Cause.CONNECTION_RESET,
            PAGE),
        row(
            "LB nginx 502 while the origin's stored healthy answer had a 9.5 KiB header block",
            Scenario.fullChain().cdn(nginx502()).lb(nginx502()).origin(ok().headerBytes(9_700)),
            LOAD_BALANCER,
            UPSTREAM_HEADER_TOO_LARGE,
            PAGE),
        row(
            "LB nginx 502 while the origin answers with a 2 KiB header block: not a buffer problem",
            Scenario.fullChain()
                .originUrl(0, "http://10.0.1.23:8080/health")
                .cdn(nginx502())
                .lb(nginx502())
                .origin(ok().headerBytes(2_048)),
            LOAD_BALANCER,
            UPSTREAM_CONNECT_FAILED,
            PAGE));
  }

  static Stream<Arguments> bursts() {
    return rows(
        row(
            "the lb 502s to 2 of 10 requests, origin fine: keep-alive race",
            Scenario.fullChain()
                .cdn(burst(8, ok(), 2, nginx502()))
                .lb(burst(8, ok(), 2, status(502).page("alb", "")))
                .origin(ok().times(10)),
            LOAD_BALANCER,
            INTERMITTENT_5XX,
            PAGE),
        row(
            "the cdn relays HAProxy's 502 to 3 of 8 requests while the lb answers every probe: the"
                + " keep-alive race at the LB, met on the CDN's pooled connections",
            Scenario.fullChain()
                .baseline("cdn", "nginx")
                .cdn(burst(5, ok(), 3, haproxy502()))
                .lb(ok().times(8))
                .origin(ok().times(8)),
            LOAD_BALANCER,
            INTERMITTENT_5XX,
            PAGE),
        row(
            "the cdn alone 502s now and then",
            Scenario.fullChain()
                .cdn(burst(9, ok(), 1, status(502).page("cloudfront", "")))
                .lb(ok().times(10))
                .origin(ok().times(10)),
            CDN,
            INTERMITTENT_5XX,
            PAGE),
        row(
            "one of two instances refuses, the lb answers: instance kept out",
            Scenario.paths(PathKind.CDN, PathKind.LB, PathKind.ORIGIN, PathKind.ORIGIN)
                .cdn(ok())
                .lb(ok())
                .origin(ok())
                .origin(fails(CONNECTION_REFUSED)),
            ORIGIN,
            INSTANCE_DEGRADED,
            WARN),
        row(
            "one of two instances refuses and the lb 502s intermittently: health checks fail to"
                + " remove it",
            Scenario.paths(PathKind.CDN, PathKind.LB, PathKind.ORIGIN, PathKind.ORIGIN)
                .cdn(burst(5, ok(), 5, nginx502()))
                .lb(burst(5, ok(), 5, haproxy502()))
                .origin(ok().times(10))
                .origin(fails(CONNECTION_REFUSED).times(10)),
            ORIGIN,
            INSTANCE_DEGRADED,
            PAGE),
        row(
            "every instance fails: the origin is down",
            Scenario.paths(PathKind.CDN, PathKind.LB, PathKind.ORIGIN, PathKind.ORIGIN)
                .cdn(nginx502())
                .lb(haproxy503())
                .origin(fails(CONNECTION_REFUSED))
                .origin(fails(CONNECTION_REFUSED)),
            ORIGIN,
            Cause.CONNECTION_REFUSED,
            PAGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "acceptanceMatrix",
    "withoutFingerprints",
    "designTable",
    "dnsRows",
    "missingPaths",
    "causes",
    "evidenceRows",
    "bursts"
  })
  void attributes(Row row) {
    Verdict v = row.scenario().verdict();
    assertThat(List.of(v.layer(), v.cause(), v.severity()))
        .as(v.summary())
        .containsExactly(row.layer(), row.cause(), row.severity());
    assertThat(v.summary()).isNotBlank().doesNotContain("{").doesNotContain("null");
  }

  @org.junit.jupiter.api.Test
  void aKilledSlowRequestIsSaidSoWithTheWait() {
    Verdict phpFpm =
        Scenario.fullChain()
            .usualTtfbMs("origin[0]", 40)
            .cdn(nginx502().ttfbMs(1009))
            .lb(haproxy502().ttfbMs(1005))
            .origin(nginx502().ttfbMs(1002))
            .verdict();
    assertThat(phpFpm.summary())
        .contains("killed a slow request after 1.0 s")
        .contains("usually answers in 40 ms")
        .doesNotContain("down");
  }

  /** A burst: {@code okCount} healthy requests, then {@code failCount} failing ones. */
  static Sample[] burst(int okCount, Sample okSample, int failCount, Sample failing) {
    Sample[] all = new Sample[okCount + failCount];
    for (int i = 0; i < all.length; i++) {
      all[i] = i < okCount ? okSample : failing;
    }
    return all;
  }

  private static Row row(String name, Scenario s, Layer layer, Cause cause, Severity severity) {
    return new Row(name, s, layer, cause, severity);
  }

  private static Stream<Arguments> rows(Row... rows) {
    return Stream.of(rows).map(Arguments::of);
  }
}
