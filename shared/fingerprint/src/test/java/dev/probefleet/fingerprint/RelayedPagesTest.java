package dev.probefleet.fingerprint;

import static dev.probefleet.fingerprint.FingerprinterTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.Fingerprint;
import org.junit.jupiter.api.Test;

/**
 * {@code passed_through} for the generators added from the public corpus: Kong, the Heroku router,
 * the Envoy-based Google load balancers, and a CDN in front of them.
 */
class RelayedPagesTest {
  private static final String NGINX_PAGE =
      CapturedPages.load(Software.NGINX, Scenario.REFUSED).body();
  private static final String HEROKU_PAGE =
      "<!DOCTYPE html><html><head><title>Application Error</title></head><body>"
          + "<iframe src=\"//www.herokucdn.com/error-pages/application-error.html\"></iframe>"
          + "</body></html>";
  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  @Test
  void anUpstreamNginxPageRelayedByKongListsKong() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                502,
                NGINX_PAGE,
                "Server",
                "nginx/1.22.1",
                "Via",
                "kong/3.6.1",
                "X-Kong-Upstream-Latency",
                "3",
                "X-Kong-Proxy-Latency",
                "1"));

    assertThat(f.generator()).isEqualTo("nginx");
    assertThat(f.passedThrough()).containsExactly("kong");
  }

  @Test
  void kongsOwnErrorUnderItsOpenRestyServerHeaderIsKongAlone() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                502,
                "",
                "Server",
                "openresty",
                "Content-Type",
                "application/json; charset=utf-8",
                "Via",
                "kong/2.4.1",
                "X-Kong-Upstream-Latency",
                "574"));

    assertThat(f.generator()).isEqualTo("kong");
    assertThat(f.passedThrough()).as("Kong is built on OpenResty: not a hop of its own").isEmpty();
  }

  @Test
  void kong3sJsonErrorWithItsRequestIdIsKong() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                503,
                "{\n  \"message\":\"Service unavailable\",\n"
                    + "  \"request_id\":\"6c3dca327fb6f27d0061e6316c9ddf7b\"\n}"));

    assertThat(f.generator()).isEqualTo("kong");
    assertThat(f.signals()).extracting(Fingerprint.Signal::id).contains("kong.request-id-body");
  }

  @Test
  void anApplicationErrorThroughTheHerokuRouterListsHeroku() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                503,
                "{\"error\":\"maintenance\"}",
                "Server",
                "Heroku",
                "Via",
                "1.1 heroku-router",
                "Reporting-Endpoints",
                "heroku-nel=\"https://nel.heroku.com/reports?ts=1\"",
                "X-Powered-By",
                "Express"));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.passedThrough()).containsExactly("heroku");
  }

  @Test
  void aHerokuPagePastedWithItsRouterLineNamesTheHCode() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                503,
                "Application error\nAn error occurred in the application and your page could not be"
                    + " served. If you are the application owner, check your logs for details. You"
                    + " can do this from the Heroku CLI with the command\nheroku logs --tail\n"
                    + "at=error code=H10 desc=\"App crashed\" method=GET path=\"/\""));

    assertThat(f.generator()).isEqualTo("heroku");
    assertThat(f.meaning()).startsWith("Heroku's router answered with its error H10 App crashed:");
  }

  @Test
  void herokusPageRelayedByCloudflareListsCloudflare() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                503,
                HEROKU_PAGE,
                "Server",
                "cloudflare",
                "CF-RAY",
                "8a1b2c3d4e5f6789-FRA",
                "Via",
                "1.1 vegur"));

    assertThat(f.generator()).isEqualTo("heroku");
    assertThat(f.passedThrough()).containsExactly("cloudflare");
  }

  @Test
  void anEnvoyReplyWithGooglesViaIsTheGoogleLoadBalancersAndWithoutItEnvoys() {
    String reply =
        "upstream connect error or disconnect/reset before headers. reset reason: connection"
            + " failure";

    Fingerprint google =
        fingerprinter.fingerprint(
            response(503, reply, "Via", "1.1 google", "Content-Type", "text/plain"));
    Fingerprint envoy = fingerprinter.fingerprint(response(503, reply));

    assertThat(google.generator()).isEqualTo("gcp-lb");
    assertThat(google.passedThrough()).isEmpty();
    assertThat(envoy.generator()).isEqualTo("envoy");
  }
}
