package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  private static String resource(String name) throws IOException {
    try (InputStream in = PageCauseTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
