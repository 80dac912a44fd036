package dev.probefleet.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which recorded page each software answers for each upstream failure, and how it is served. */
class ProxySoftwareTest {

  static Stream<Arguments> pages() {
    return Stream.of(
        // software, failure, status of its page, a log line recorded for exactly this failure
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.CONNECTION_REFUSED, 502, true),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.CONNECT_TIMEOUT, 504, false),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.TLS_HANDSHAKE_FAILED, 502, false),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.NO_LIVE_UPSTREAM, 502, true),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.CLOSED_BEFORE_HEADERS, 502, true),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.RESET_BEFORE_HEADERS, 502, false),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.INVALID_STATUS_LINE, 502, false),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.INVALID_HEADER, 502, true),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.HEADER_TOO_LARGE, 502, true),
        Arguments.of(ProxySoftware.NGINX, UpstreamFailure.RESPONSE_TIMEOUT, 504, true),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.CONNECTION_REFUSED, 503, true),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.CONNECT_TIMEOUT, 503, false),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.TLS_HANDSHAKE_FAILED, 503, false),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.NO_LIVE_UPSTREAM, 503, true),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.CLOSED_BEFORE_HEADERS, 502, true),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.RESET_BEFORE_HEADERS, 502, false),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.INVALID_STATUS_LINE, 502, false),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.INVALID_HEADER, 502, true),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.HEADER_TOO_LARGE, 502, true),
        Arguments.of(ProxySoftware.HAPROXY, UpstreamFailure.RESPONSE_TIMEOUT, 504, true));
  }

  @ParameterizedTest(name = "{0} {1}: {2}, log line recorded: {3}")
  @MethodSource("pages")
  void everyFailureBeforeTheHeadGetsThatSoftwaresRecordedPage(
      ProxySoftware software, UpstreamFailure failure, int status, boolean logRecorded) {
    CapturedPage page = software.errorPage(failure);
    assertThat(page.software()).isEqualTo(software.software());
    assertThat(page.status()).isEqualTo(status);
    assertThat(software.recordedLogLine(failure).isPresent()).isEqualTo(logRecorded);
    software
        .recordedLogLine(failure)
        .ifPresent(
            line ->
                assertThat(page.meta().log()).as("the line comes from that page").contains(line));
  }

  @Test
  void theTableCoversEveryFailureBeforeTheHead() {
    long beforeHead = Stream.of(UpstreamFailure.values()).filter(f -> !f.afterHeaders()).count();
    assertThat(pages().count()).isEqualTo(beforeHead * ProxySoftware.values().length);
    assertThatThrownBy(() -> ProxySoftware.NGINX.errorPage(UpstreamFailure.BODY_CLOSED_EARLY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void haproxysPageIsServedExactlyAsRecorded() {
    CapturedPage page = CapturedPages.load(Software.HAPROXY, Scenario.REFUSED);
    String served =
        new String(
            ErrorPage.render(page, false, false, Instant.now()), StandardCharsets.ISO_8859_1);
    assertThat(served).isEqualTo(recorded(page));
  }

  @Test
  void nginxsPageIsServedAsRecordedButForTheDateAndTheConnection() {
    CapturedPage page = CapturedPages.load(Software.NGINX, Scenario.TIMEOUT);
    Instant now = Instant.parse("2027-01-05T08:09:10Z");
    String closing =
        new String(ErrorPage.render(page, false, false, now), StandardCharsets.ISO_8859_1);
    assertThat(closing)
        .isEqualTo(
            recorded(page)
                .replace(page.header("Date").orElseThrow(), "Tue, 05 Jan 2027 08:09:10 GMT"));
    String kept = new String(ErrorPage.render(page, true, true, now), StandardCharsets.ISO_8859_1);
    assertThat(kept)
        .contains("\r\nConnection: keep-alive\r\n")
        .contains("\r\nContent-Length: " + page.bodyBytes().length + "\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void nginxWritesTheServerHeaderItWasRecordedWith() {
    assertThat(ProxySoftware.NGINX.serverHeader())
        .isEqualTo(CapturedPages.load(Software.NGINX, Scenario.HEALTHY).header("Server"));
    assertThat(ProxySoftware.HAPROXY.serverHeader()).isEmpty();
  }

  /** The response exactly as the software sent it when recorded (de-chunked body). */
  private static String recorded(CapturedPage page) {
    StringBuilder text = new StringBuilder(page.statusLine()).append("\r\n");
    for (CapturedPage.Header h : page.headers()) {
      text.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    return text.append("\r\n").append(page.body()).toString();
  }
}
