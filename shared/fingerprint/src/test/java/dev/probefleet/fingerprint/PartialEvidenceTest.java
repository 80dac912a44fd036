package dev.probefleet.fingerprint;

import static dev.probefleet.fingerprint.FingerprinterTest.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.fingerprint.internal.PageText;
import dev.probefleet.model.Fingerprint;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pages as people meet them (issue 14): pasted from a browser as text, without headers, or headers
 * without a body; and how sure the answer says it is.
 */
class PartialEvidenceTest {
  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "502 Bad Gateway\\nnginx/1.18.0 (Ubuntu)                 | nginx",
        "504 Gateway Time-out\\n\\nnginx                         | nginx",
        "502 Bad Gateway\\r\\n502 Bad Gateway\\r\\nopenresty/1.19.3.1 | nginx",
        "503 Service Temporarily Unavailable\\nTengine           | nginx",
        "502 Bad Gateway\\ncloudflare                            | cloudflare",
        "502 Bad Gateway\\nMicrosoft-Azure-Application-Gateway/v2 | azure-appgw",
        "502 Bad Gateway nginx/1.14.0 (Ubuntu)                  | nginx",
        "504 Gateway Time-out cloudflare                        | cloudflare"
      })
  void aPageCopiedAsTextWithoutHeadersNamesItsAuthor(String pasted, String generator) {
    String text = pasted.strip().replace("\\n", "\n").replace("\\r", "\r");
    int status = Integer.parseInt(text.substring(0, 3));

    Fingerprint f = fingerprinter.fingerprint(response(status, text));

    assertThat(f.generator()).isEqualTo(generator);
    assertThat(f.signals()).allMatch(s -> s.where() == Fingerprint.Where.BODY);
    assertThat(f.score()).isGreaterThanOrEqualTo(fingerprinter.threshold());
  }

  @Test
  void theVersionIsParsedOutWhenShownAndNeverRequired() {
    Fingerprint versioned =
        fingerprinter.fingerprint(response(505, "505 HTTP Version Not Supported\nnginx/1.18.0"));
    Fingerprint bare =
        fingerprinter.fingerprint(response(505, "505 HTTP Version Not Supported\nnginx"));

    assertThat(versioned.generator()).isEqualTo("nginx");
    assertThat(versioned.meaning()).isEqualTo("Written by nginx 1.18.0 (505).");
    assertThat(bare.generator()).isEqualTo("nginx");
    assertThat(bare.meaning()).isEqualTo("Written by nginx (505).");
  }

  @Test
  void aRecordedApachePagePastedAsTextNamesApacheAndItsVersion() {
    String html = CapturedPages.load(Software.APACHE, Scenario.REFUSED).body();

    Fingerprint f = fingerprinter.fingerprint(response(503, PageText.render(html)));

    assertThat(f.generator()).isEqualTo("apache");
    assertThat(f.signals()).extracting(Fingerprint.Signal::id).contains("apache.address");
    assertThat(f.meaning()).contains("could not connect to the backend");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Server, nginx/1.18.0, nginx",
    "Server, Apache/2.4.41 (Ubuntu), apache",
    "Server, Microsoft-Azure-Application-Gateway/v2, azure-appgw",
    "Server, awselb/2.0, alb",
    "X-Squid-Error, ERR_CONNECT_FAIL 111, squid"
  })
  void headersWithoutABodyNameTheirAuthor(String header, String value, String generator) {
    Fingerprint f = fingerprinter.fingerprint(response(502, "", header, value));

    assertThat(f.generator()).isEqualTo(generator);
    assertThat(f.signals()).allMatch(s -> s.where() != Fingerprint.Where.BODY);
  }

  @Test
  void aBareReasonPhraseIsWeakEvidenceThatSaysSo() {
    // Go's http.Error, which many small servers use, writes the reason phrase and a newline.
    Fingerprint bare = fingerprinter.fingerprint(response(502, "Bad Gateway\n"));

    assertThat(bare.generator()).isEqualTo("unknown");
    assertThat(bare.score()).isGreaterThan(0.0).isLessThan(fingerprinter.threshold());
    assertThat(bare.signals())
        .extracting(Fingerprint.Signal::id)
        .containsExactly("traefik.weak.reason-only-body");
    assertThat(bare.meaning()).contains("generator is not recognised");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"502, Bad Gateway", "504, Gateway Timeout"})
  void traefiksExactStatusTextIsTraefikButOnlyJustAboveTheThreshold(int status, String body) {
    Fingerprint f = fingerprinter.fingerprint(response(status, body));

    assertThat(f.generator()).isEqualTo("traefik");
    assertThat(f.score()).isBetween(fingerprinter.threshold(), 0.55);
    assertThat(f.signals())
        .extracting(Fingerprint.Signal::id)
        .containsExactlyInAnyOrder(
            "traefik.weak.reason-only-body", "traefik.weak.exact-status-text");
  }

  @Test
  void applicationPagesThatCopyAProxysWordsAreNotPinnedOnIt() {
    // Werkzeug's (Flask's) default pages quote Apache's sentences, Nuxt quotes Heroku's,
    // Express's res.sendStatus writes the bare reason phrase as Traefik does, Tomcat's Coyote
    // connector calls itself Apache.
    Fingerprint werkzeug502 =
        fingerprinter.fingerprint(
            response(
                502,
                "<!doctype html>\n<html lang=en>\n<title>502 Bad Gateway</title>\n<h1>Bad Gateway</h1>\n"
                    + "<p>The proxy server received an invalid response from an upstream server.</p>\n"));
    Fingerprint werkzeug503 =
        fingerprinter.fingerprint(
            response(
                503,
                "<title>503 Service Unavailable</title>\n<h1>Service Unavailable</h1>\n<p>The server is"
                    + " temporarily unable to service your request due to maintenance downtime or"
                    + " capacity problems. Please try again later.</p>\n"));
    Fingerprint nuxt =
        fingerprinter.fingerprint(
            response(
                500,
                "<h1>Server error</h1><p>An error occurred in the application and your page could"
                    + " not be served. If you are the application owner, check your logs for"
                    + " details.</p>"));

    Fingerprint expressSendStatus =
        fingerprinter.fingerprint(
            response(
                502,
                "Bad Gateway",
                "X-Powered-By",
                "Express",
                "Content-Type",
                "text/plain; charset=utf-8"));
    Fingerprint bare503 = fingerprinter.fingerprint(response(503, "Service Unavailable"));
    Fingerprint tomcat =
        fingerprinter.fingerprint(
            response(503, "", "Server", "Apache-Coyote/1.1", "Content-Type", "text/html"));

    assertThat(expressSendStatus.generator()).isEqualTo("unknown");
    assertThat(bare503.generator()).isEqualTo("unknown");
    assertThat(tomcat.generator()).isEqualTo("unknown");
    assertThat(werkzeug502.generator()).isEqualTo("unknown");
    assertThat(werkzeug503.generator()).isEqualTo("unknown");
    assertThat(nuxt.generator()).isEqualTo("unknown");
    assertThat(werkzeug502.signals()).allMatch(s -> s.id().contains(".weak."));
  }

  @Test
  void weakEvidenceAddsUpToLessThanStrongEvidence() {
    Fingerprint traefik =
        fingerprinter.fingerprint(
            response(502, "Bad Gateway", "Content-Type", "text/plain; charset=utf-8"));
    Fingerprint nginx =
        fingerprinter.fingerprint(response(502, "502 Bad Gateway\nnginx/1.18.0 (Ubuntu)"));

    assertThat(traefik.generator()).isEqualTo("traefik");
    assertThat(traefik.signals()).allMatch(s -> s.id().contains(".weak."));
    assertThat(traefik.score()).isBetween(fingerprinter.threshold(), 0.8);
    assertThat(nginx.score()).isGreaterThan(traefik.score());
  }

  @Test
  void theReasonPhraseInsideAnHtmlPageIsNotTraefiksBody() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(
                502,
                "<html><body><h1>Bad Gateway</h1></body></html>",
                "Content-Type",
                "text/plain"));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.signals()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "status lines, '502 Bad Gateway\n'",
    "unclosed tags, '<center'",
    "address lines, 'Apache/2.4 Server at h Port 1 '",
    "almost a footer, '502 x\nnginx/'",
    "digits, '5'",
    "long lines under a status line, '502 x                                                  '"
  })
  void aHostileBodyIsFingerprintedQuickly(String name, String unit) {
    String body = unit.replace("\\n", "\n").repeat(2_000_000 / unit.length());

    Fingerprint f =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> fingerprinter.fingerprint(response(502, body)));

    assertThat(f.score()).isBetween(0.0, 1.0);
  }

  @Test
  void anErrorPageOnlyMarkedByACdnIsNotTheCdnsOwn() {
    Fingerprint f =
        fingerprinter.fingerprint(
            response(502, "", "Server", "cloudflare", "CF-RAY", "8a1b2c3d4e5f6789-FRA"));

    assertThat(f.generator()).isEqualTo("unknown");
    assertThat(f.passedThrough()).containsExactly("cloudflare");
  }
}
