package dev.probefleet.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.internal.PagePhrases;
import dev.probefleet.attribution.internal.PagePhrases.Kind;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule of the page phrase table, and the order that settles overlapping phrases. (Vendor codes
 * such as Cloudflare's 521-526 are the fingerprint rules' data now: their {@code cause} is tested
 * with the fingerprints.)
 */
class PagePhrasesTest {

  @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          envoy      | 503 | upstream connect error or disconnect/reset before headers. reset reason: connection failure | CONNECT
          envoy      | 503 | upstream connect error or disconnect/reset before headers. reset reason: connection timeout | CONNECT
          envoy      | 503 | upstream connect error or disconnect/reset before headers. reset reason: connection termination | INVALID
          envoy      | 503 | reset reason: remote reset                          | INVALID
          envoy      | 503 | no healthy upstream                                 | NO_HEALTHY
          envoy      | 504 | upstream request timeout                            | TIMEOUT
          envoy      | 503 | upstream connect error. TLS error: CERTIFICATE_VERIFY_FAILED | TLS
          nginx      | 502 | no live upstreams while connecting to upstream      | NO_HEALTHY
          nginx      | 502 | connect() failed (111: Connection refused) while connecting to upstream | CONNECT
          nginx      | 504 | upstream timed out (110: Connection timed out) while connecting to upstream | CONNECT
          nginx      | 504 | upstream timed out (110: Connection timed out) while reading response header from upstream | TIMEOUT
          nginx      | 502 | upstream sent too big header while reading response header from upstream | HEADER_TOO_LARGE
          nginx      | 502 | upstream prematurely closed connection while reading response header | INVALID
          nginx      | 502 | upstream sent invalid header while reading response header from upstream | INVALID
          nginx      | 502 | SSL_do_handshake() failed while SSL handshaking to upstream | TLS
          haproxy    | 503 | No server is available to handle this request.      | CONNECT
          haproxy    | 502 | The server returned an invalid or incomplete response. | INVALID
          haproxy    | 504 | The server didn't respond in time.                  | TIMEOUT
          varnish    | 503 | Backend fetch failed. Guru Meditation XID 12345     | CONNECT
          fastly     | 503 | first byte timeout                                  | TIMEOUT
          apache     | 502 | Proxy Error. Reason: Error reading from remote server | INVALID
          apache     | 502 | Proxy Error. Reason: DNS lookup failure for: app    | CONNECT
          api-gateway| 504 | {"message": "Endpoint request timed out"}           | TIMEOUT
          unknown    | 504 | Gateway Timeout                                     | TIMEOUT
          """)
  void aPageSaysWhatHappened(String generator, int status, String text, Kind kind) {
    assertThat(PagePhrases.match(status, text.toLowerCase(Locale.ROOT)))
        .as("%s's page", generator)
        .contains(kind);
  }

  @ParameterizedTest(name = "{0} {1} \"{2}\" says nothing")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          nginx      | 502 | 502 Bad Gateway
          unknown    | 500 | {"error": "NullPointerException"}
          cloudfront | 503 | The request could not be satisfied.
          """)
  void aPlainPageSaysNothingSpecific(String generator, int status, String text) {
    assertThat(PagePhrases.match(status, text.toLowerCase(Locale.ROOT)))
        .as("%s's page", generator)
        .isEqualTo(Optional.empty());
  }
}
