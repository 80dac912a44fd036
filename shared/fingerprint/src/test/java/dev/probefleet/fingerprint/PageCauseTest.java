package dev.probefleet.fingerprint;

import static dev.probefleet.fingerprint.FingerprinterTest.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cause a recognised page pins by itself (the {@code cause} of the meaning that matched), on
 * the pages recorded from real software and the documented vendor pages; and none where the page
 * leaves the cause open (nginx's bare 502 is written for a refused, a reset and an invalid upstream
 * alike; Apache's "Error reading from remote server" for a close and a read timeout alike).
 */
class PageCauseTest {
  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "NGINX, TIMEOUT, UPSTREAM_TIMEOUT",
    "NGINX, REFUSED, ",
    "NGINX, CLOSED_BEFORE_HEADERS, ",
    "NGINX, NO_HEALTHY_UPSTREAM, ",
    "APACHE, REFUSED, UPSTREAM_CONNECT_FAILED",
    "APACHE, MISSING_SOCKET, UPSTREAM_CONNECT_FAILED",
    "APACHE, TIMEOUT, ",
    "APACHE, CLOSED_BEFORE_HEADERS, ",
    "APACHE, INVALID_HEADER, ",
    "HAPROXY, REFUSED, UPSTREAM_CONNECT_FAILED",
    "HAPROXY, NO_HEALTHY_UPSTREAM, UPSTREAM_CONNECT_FAILED",
    "HAPROXY, TIMEOUT, UPSTREAM_TIMEOUT",
    "HAPROXY, CLOSED_BEFORE_HEADERS, ",
    "HAPROXY, HEALTHY, "
  })
  void recordedPages(Software software, Scenario scenario, Cause expected) {
    Fingerprint f =
        fingerprinter.fingerprint(CaptureCases.response(CapturedPages.load(software, scenario)));
    if (expected == null) {
      assertThat(f.pageCause()).isEmpty();
    } else {
      assertThat(f.pageCause()).contains(expected);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "cloudfront-502-origin-unreachable, UPSTREAM_CONNECT_FAILED",
    "cloudfront-504-origin-timeout, UPSTREAM_TIMEOUT",
    "cloudfront-503-lambda-edge, ",
    "cloudflare-522-page, UPSTREAM_CONNECT_FAILED",
    "envoy-503-connection-failure, UPSTREAM_CONNECT_FAILED",
    "envoy-503-no-healthy-upstream, NO_HEALTHY_UPSTREAM",
    "envoy-504-upstream-request-timeout, UPSTREAM_TIMEOUT",
    "envoy-503-connection-termination, ",
    "gcp-lb-no-healthy-upstream, NO_HEALTHY_UPSTREAM",
    "alb-503-no-targets, NO_HEALTHY_UPSTREAM",
    "alb-504, UPSTREAM_TIMEOUT",
    "alb-502, ",
    "elb-classic-503-capacity, NO_HEALTHY_UPSTREAM",
    "fastly-503-first-byte-timeout, UPSTREAM_TIMEOUT",
    "traefik-504, UPSTREAM_TIMEOUT",
    "traefik-502, ",
    "api-gateway-504-rest-timeout, UPSTREAM_TIMEOUT"
  })
  void documentedPages(String fixture, Cause expected) throws IOException {
    Fingerprint f =
        fingerprinter.fingerprint(
            ResponseDocuments.read(resource("documented/" + fixture + ".json"), fixture));
    if (expected == null) {
      assertThat(f.pageCause()).isEmpty();
    } else {
      assertThat(f.pageCause()).contains(expected);
    }
  }

  @ParameterizedTest(name = "Cloudflare {0} -> {1}")
  @CsvSource({
    "520, ",
    "521, UPSTREAM_CONNECT_FAILED",
    "522, UPSTREAM_CONNECT_FAILED",
    "523, UPSTREAM_CONNECT_FAILED",
    "524, UPSTREAM_TIMEOUT",
    "525, UPSTREAM_TLS_FAILED",
    "526, UPSTREAM_TLS_FAILED"
  })
  void cloudflareOriginErrorCodes(int status, Cause expected) {
    String doc =
        "{\"status\": "
            + status
            + ", \"headers\": {\"Server\": \"cloudflare\", \"CF-RAY\": \"8c1f2a3b4c5d6e7f-FRA\"},"
            + " \"body\": \"\"}";
    Fingerprint f = fingerprinter.fingerprint(ResponseDocuments.read(doc, "cf-" + status));
    assertThat(f.generator()).isEqualTo("cloudflare");
    if (expected == null) {
      assertThat(f.pageCause()).isEmpty();
    } else {
      assertThat(f.pageCause()).contains(expected);
    }
  }

  static Stream<Arguments> vendorPagesStatingTheirCause() {
    String squidHead =
        "<html><head><title>ERROR: The requested URL could not be retrieved</title></head>"
            + "<body id=ERR_%s><div id=\"titles\"><h1>ERROR</h1>"
            + "<h2>The requested URL could not be retrieved</h2></div><hr><div id=\"content\">"
            + "<p>The following error was encountered while trying to retrieve the URL:"
            + " <a href=\"http://example.test/\">http://example.test/</a></p>";
    String squidFoot =
        "<p>Your cache administrator is <a href=\"mailto:webmaster\">webmaster</a>.</p></div>"
            + "<hr><div id=\"footer\"><p>Generated Sat, 05 Dec 2026 20:00:00 GMT by proxy.test"
            + " (squid/6.10)</p><!-- ERR_%s --></div></body></html>";
    String herokuPage =
        "<!DOCTYPE html><html><head><title>Application Error</title></head><body><iframe"
            + " src=\"//www.herokucdn.com/error-pages/application-error.html\"></iframe></body>"
            + "</html>";
    return Stream.of(
        // Heroku's router: the H-code in its log line (as people paste it under the page) says
        // which; H10, H14 and H20 say the app is not running, H12 that it was too slow
        Arguments.of(
            "heroku",
            response(
                503,
                herokuPage + "\nat=error code=H10 desc=\"App crashed\" method=GET path=\"/\"",
                "Server",
                "Cowboy"),
            Cause.UPSTREAM_APP_DOWN),
        Arguments.of(
            "heroku",
            response(
                503,
                herokuPage
                    + "\nat=error code=H14 desc=\"No web processes running\" method=GET"
                    + " path=\"/\""),
            Cause.UPSTREAM_APP_DOWN),
        Arguments.of(
            "heroku",
            response(
                503,
                herokuPage + "\nat=error code=H20 desc=\"App boot timeout\" method=GET path=\"/\""),
            Cause.UPSTREAM_APP_DOWN),
        Arguments.of(
            "heroku",
            response(
                503,
                herokuPage + "\nat=error code=H12 desc=\"Request timeout\" method=GET path=\"/\""),
            Cause.UPSTREAM_TIMEOUT),
        // H13 (connection closed without response) leaves the cause open
        Arguments.of(
            "heroku",
            response(
                503,
                herokuPage + "\nat=error code=H13 desc=\"Connection closed without response\""),
            null),
        // Traefik's load balancer with no server left
        Arguments.of(
            "traefik",
            response(503, "no available server\n", "Content-Type", "text/plain; charset=utf-8"),
            Cause.NO_HEALTHY_UPSTREAM),
        // Squid's ERR_CANNOT_FORWARD: never_direct and every cache_peer down
        Arguments.of(
            "squid",
            response(
                503,
                squidHead.formatted("CANNOT_FORWARD")
                    + "<blockquote id=\"error\"><p><b>Unable to forward this request at this"
                    + " time.</b></p></blockquote><p>This request could not be forwarded to the"
                    + " origin server or to any parent caches.</p>"
                    + squidFoot.formatted("CANNOT_FORWARD"),
                "X-Squid-Error",
                "ERR_CANNOT_FORWARD 0"),
            Cause.NO_HEALTHY_UPSTREAM),
        // ... the same page pasted as text, without its header or its ERR_ code
        Arguments.of(
            "squid",
            response(
                503,
                "ERROR\nThe requested URL could not be retrieved\nThe following error was"
                    + " encountered while trying to retrieve the URL: http://example.test/\n"
                    + "Unable to forward this request at this time.\nThis request could not be"
                    + " forwarded to the origin server or to any parent caches."),
            Cause.NO_HEALTHY_UPSTREAM),
        // Squid's ERR_TOO_BIG says "The request or reply is too large" for the request, the
        // reply's headers and its body alike: no cause
        Arguments.of(
            "squid",
            response(
                502,
                squidHead.formatted("TOO_BIG")
                    + "<blockquote id=\"error\"><p><b>The request or reply is too large.</b>"
                    + "</p></blockquote>"
                    + squidFoot.formatted("TOO_BIG"),
                "X-Squid-Error",
                "ERR_TOO_BIG 0"),
            null),
        // Apache Traffic Server's connect#all_down: every address of the origin marked down
        Arguments.of(
            "ats",
            response(
                502,
                "<HTML>\n<HEAD>\n<TITLE>No Valid Host</TITLE>\n</HEAD>\n\n<BODY BGCOLOR=\"white\""
                    + " FGCOLOR=\"black\">\n<H1>No Valid Host</H1>\n<HR>\n\n<FONT"
                    + " FACE=\"Helvetica,Arial\"><B>\nDescription: Unable to find a valid target"
                    + " host.\n</B></FONT>\n<HR>\n</BODY>\n",
                "Server",
                "ATS/9.2.5"),
            Cause.NO_HEALTHY_UPSTREAM));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("vendorPagesStatingTheirCause")
  void aVendorsPageNamesTheCauseItStates(
      String generator, CapturedResponse response, Cause expected) {
    Fingerprint f = fingerprinter.fingerprint(response);

    assertThat(f.generator()).isEqualTo(generator);
    if (expected == null) {
      assertThat(f.pageCause()).isEmpty();
    } else {
      assertThat(f.pageCause()).contains(expected);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PageCauseTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
