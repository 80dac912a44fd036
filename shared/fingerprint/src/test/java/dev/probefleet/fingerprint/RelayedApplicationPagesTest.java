package dev.probefleet.fingerprint;

import static dev.probefleet.fingerprint.FingerprinterTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import org.junit.jupiter.api.Test;

/**
 * An application's own error page relayed by a hop that stamps its headers on everything it passes
 * on is the application's ({@code unknown}), with the hop in {@code passed_through}: a relaying
 * hop's {@code Server} or {@code Via} says it passed the page on, not that it wrote it (DESIGN §1).
 * The same headers over an empty body still name their software, and the headers only a vendor's
 * own answers carry ({@code authorOnly}) name it above any body.
 */
class RelayedApplicationPagesTest {
  /** Django's production 500 page (DEBUG off): the application wrote it. */
  private static final String DJANGO_500 =
      "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n"
          + "<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n";

  /** Rails' public/500.html. */
  private static final String RAILS_500 =
      "<!DOCTYPE html>\n<html>\n<head>\n  <title>We're sorry, but something went wrong (500)"
          + "</title>\n</head>\n<body>\n  <div class=\"dialog\">\n    <h1>We're sorry, but something"
          + " went wrong.</h1>\n  </div>\n  <p>If you are the application owner check the logs for"
          + " more information.</p>\n</body>\n</html>\n";

  /** An Express API's JSON error. */
  private static final String API_ERROR =
      "{\"error\":\"upstream payment service failed\",\"code\":\"PAYMENT_UNAVAILABLE\"}";

  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  @Test
  void aDjangoPageRelayedByNginxIsTheApplicationsPassedThroughNginx() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                500,
                DJANGO_500,
                "Server",
                "nginx/1.24.0 (Ubuntu)",
                "Content-Type",
                "text/html; charset=utf-8",
                "X-Frame-Options",
                "DENY"));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.passedThrough()).containsExactly("nginx");
    assertThat(f.score()).as("nginx's Server is not author evidence here").isLessThan(0.5);
    assertThat(f.signals()).extracting(Fingerprint.Signal::id).doesNotContain("nginx.server");
  }

  @Test
  void anApplicationPageRelayedByCloudflareIsTheApplicationsPassedThroughCloudflare() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                500,
                RAILS_500,
                "Server",
                "cloudflare",
                "CF-RAY",
                "8a1b2c3d4e5f6071-AMS",
                "CF-Cache-Status",
                "DYNAMIC",
                "Content-Type",
                "text/html; charset=utf-8"));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.passedThrough()).containsExactly("cloudflare");
  }

  @Test
  void anApplicationPageRelayedByVarnishIsTheApplicationsPassedThroughVarnish() {
    // A VCL that sets its own Server on every delivery (to hide the backend's) stamps the
    // application's page too.
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                503,
                RAILS_500,
                "Server",
                "Varnish",
                "Retry-After",
                "5",
                "X-Varnish",
                "32770 3",
                "Via",
                "1.1 varnish (Varnish/7.1)",
                "Age",
                "0"));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.passedThrough()).containsExactly("varnish");
  }

  @Test
  void anApplicationPageBehindNginxRelayedByCloudFrontListsBothHopsOutermostFirst() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                502,
                API_ERROR,
                "Content-Type",
                "application/json; charset=utf-8",
                "Server",
                "nginx",
                "X-Cache",
                "Error from cloudfront",
                "Via",
                "1.1 0f2a9a1e8d3c4b5a6f7e8d9c0b1a2f3e.cloudfront.net (CloudFront)",
                "X-Amz-Cf-Pop",
                "FRA56-P5",
                "X-Amz-Cf-Id",
                "q1w2e3r4t5y6u7i8o9p0aSdFgHjKlZxCvBnM=="));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.passedThrough()).containsExactly("cloudfront", "nginx");
  }

  @Test
  void theSameHeadersOverAnEmptyBodyStillNameTheirSoftware() {
    for (String empty : new String[] {"", "\r\n", "  \n"}) {
      Fingerprint nginx = fingerprinter.fingerprint(response(502, empty, "Server", "nginx/1.24.0"));
      Fingerprint varnish = fingerprinter.fingerprint(response(503, empty, "Server", "Varnish"));

      assertThat(nginx.generator()).as("body %s", empty.length()).isEqualTo("nginx");
      assertThat(varnish.generator()).as("body %s", empty.length()).isEqualTo("varnish");
    }
  }

  @Test
  void anEmptyErrorThatSetsTheApplicationsCookieIsTheApplications() {
    // A HEAD request for a PHP application's 500 behind nginx and Varnish: no body to read, but
    // nginx sets no session cookie on an error it writes itself.
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                500,
                "",
                "Server",
                "nginx",
                "Set-Cookie",
                "PHPSESSID=0123456789abcdef; path=/",
                "X-Varnish",
                "1512981608",
                "Via",
                "1.1 varnish"));
    Fingerprint withoutCookie =
        fingerprinter.fingerprint(
            response(500, "", "Server", "nginx", "X-Varnish", "1512981608", "Via", "1.1 varnish"));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.passedThrough()).contains("varnish");
    assertThat(withoutCookie.generator()).isEqualTo("nginx");
  }

  @Test
  void aPageCutWithinItsTemplatesFirstLineStillCountsTheServerHeader() {
    String cut = "<html>\r\n<head><title>502 Bad Gat";

    assertThat(fingerprinter.fingerprint(response(502, cut, "Server", "awselb/2.0")).generator())
        .isEqualTo("alb");
    assertThat(fingerprinter.fingerprint(response(502, cut, "Server", "nginx")).generator())
        .isEqualTo("nginx");
    assertThat(
            fingerprinter
                .fingerprint(response(502, "<!DOCTYPE html><title>502", "Server", "nginx"))
                .generator())
        .as("another page's start")
        .isEqualTo("unknown");
  }

  @Test
  void theSoftwaresOwnPageUnderItsServerHeaderIsStillItsOwn() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                502,
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    + "</body>\r\n</html>\r\n",
                "Server",
                "nginx",
                "CF-RAY",
                "8a1b2c3d4e5f6071-AMS",
                "Server",
                "cloudflare"));

    assertThat(f.generator()).isEqualTo("nginx");
    assertThat(f.signals()).extracting(Fingerprint.Signal::id).contains("nginx.server");
    assertThat(f.passedThrough()).containsExactly("cloudflare");
  }

  @Test
  void cloudflaresOwnStatusNamesItAboveAnyBody() {
    // A 52x is Cloudflare's by itself: a custom error page configured in Cloudflare shows it too.
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                522,
                "<html><body><h1>We'll be right back</h1></body></html>",
                "Server",
                "cloudflare",
                "CF-RAY",
                "8a1b2c3d4e5f6071-AMS"));

    assertThat(f.generator()).isEqualTo("cloudflare");
    assertThat(f.signals()).extracting(Fingerprint.Signal::id).contains("cloudflare.status-52x");
  }

  @Test
  void cloudflaresChallengeHeaderNamesItAboveAnyBody() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                403,
                "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
                    + "<body><noscript>Enable JavaScript and cookies to continue</noscript></body>"
                    + "</html>",
                "Server",
                "cloudflare",
                "cf-mitigated",
                "challenge",
                "CF-RAY",
                "8a1b2c3d4e5f6071-AMS"));

    assertThat(f.generator()).isEqualTo("cloudflare");
    assertThat(f.signals()).extracting(Fingerprint.Signal::id).contains("cloudflare.mitigated");
  }

  @Test
  void squidsErrorHeaderNamesItAboveACustomisedTemplate() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                503,
                "<html><body><p>Our proxy could not reach this site. Call the help desk.</p>"
                    + "</body></html>",
                "Server",
                "squid/5.7",
                "X-Squid-Error",
                "ERR_CONNECT_FAIL 111",
                "Via",
                "1.1 proxy.example.test (squid/5.7)"));

    assertThat(f.generator()).isEqualTo("squid");
    assertThat(f.pageCause()).contains(Cause.UPSTREAM_CONNECT_FAILED);
  }

  @Test
  void aHealthyApplicationAnswerBehindNginxStillNamesNginxAsThePathsBaseline() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(200, "<h1>Welcome to the shop</h1>", "Server", "nginx/1.24.0"));

    assertThat(f.generator()).isEqualTo("nginx");
  }
}
