package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.CapturedResponse;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.ResponseHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A status line pasted alone, or with headers that name nobody, still names Apache Traffic Server
 * when its reason phrase is one ATS writes on the error responses it builds itself (HttpTransact's
 * build_error_response), and pins the cause the phrase says; the standard phrases, which every
 * server writes, name nobody.
 */
class StatusLineReasonTest {
  private final Fingerprinter fingerprinter = Fingerprinter.defaults();

  private static CapturedResponse statusLine(int status, String reason, String... headers) {
    List<ResponseHeaders.Field> fields = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      fields.add(new ResponseHeaders.Field(headers[i], headers[i + 1]));
    }
    byte[] none = "".getBytes(StandardCharsets.UTF_8);
    return new CapturedResponse(
        "HTTP/1.1", status, reason, new ResponseHeaders(fields), none, 0, true);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "502, Next Hop Connection Failed, UPSTREAM_CONNECT_FAILED",
    "502, Server Connection Failed, UPSTREAM_CONNECT_FAILED",
    "500, Cannot find server., UPSTREAM_CONNECT_FAILED",
    "502, No valid server., NO_HEALTHY_UPSTREAM",
    "504, Next Hop Timeout, UPSTREAM_TIMEOUT",
    "504, Inactive Timeout, UPSTREAM_TIMEOUT",
    "503, Origin server congested, ",
    "502, Malformed Server Response, "
  })
  void atsOwnReasonPhraseNamesItAndItsCause(int status, String reason, Cause cause) {
    Fingerprint f = fingerprinter.fingerprint(statusLine(status, reason, "Connection", "close"));

    assertThat(f.generator()).isEqualTo("ats");
    assertThat(f.score()).isGreaterThanOrEqualTo(fingerprinter.threshold());
    assertThat(f.signals()).anyMatch(s -> s.id().equals("ats.reason"));
    if (cause == null) {
      assertThat(f.pageCause()).isEmpty();
    } else {
      assertThat(f.pageCause()).contains(cause);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"502, Bad Gateway", "504, Gateway Timeout", "503, Service Unavailable"})
  void standardReasonPhrasesNameNobody(int status, String reason) {
    Fingerprint f = fingerprinter.fingerprint(statusLine(status, reason, "Connection", "close"));

    assertThat(f.generator()).isEqualTo("unknown");
  }
}
