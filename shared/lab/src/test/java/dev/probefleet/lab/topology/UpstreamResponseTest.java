package dev.probefleet.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How strictly a hop reads what its upstream sends. */
class UpstreamResponseTest {

  private static UpstreamResponse read(String head) throws UpstreamFailureException {
    return read(head, 16 * 1024, false);
  }

  private static UpstreamResponse read(String head, int budget, boolean headRequest)
      throws UpstreamFailureException {
    return UpstreamResponse.read(
        new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)), budget, headRequest);
  }

  private static UpstreamFailure failureOf(String head) {
    try {
      read(head);
    } catch (UpstreamFailureException e) {
      return e.failure();
    }
    throw new AssertionError("read without a failure: " + head);
  }

  @Test
  void aPlainResponseWithItsLength() throws Exception {
    UpstreamResponse r =
        read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.reason()).isEqualTo("OK");
    assertThat(r.framing()).isEqualTo(UpstreamResponse.Framing.LENGTH);
    assertThat(r.contentLength()).isEqualTo(3);
    assertThat(r.headers())
        .extracting(HeaderField::name)
        .containsExactly("Content-Type", "Content-Length");
  }

  @Test
  void leniencesBothNginxAndHaproxyAllow() throws Exception {
    assertThat(read("HTTP/1.1 204\nX-A: b\n\n").status()).isEqualTo(204);
    assertThat(
            read("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n")
                .contentLength())
        .isEqualTo(2);
    assertThat(read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n\r\n").status())
        .isEqualTo(201);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          HTTP/1.1 abc\\r\\n\\r\\n                                  | INVALID_STATUS_LINE
          HTTP/2 200 OK\\r\\n\\r\\n                                 | INVALID_STATUS_LINE
          ICY 200 OK\\r\\n\\r\\n                                    | INVALID_STATUS_LINE
          HTTP/1.1 20 OK\\r\\n\\r\\n                                | INVALID_STATUS_LINE
          HTTP/1.1 200 OK\\r\\ngarbage\\r\\n\\r\\n                  | INVALID_HEADER
          HTTP/1.1 200 OK\\r\\nBad Name: x\\r\\n\\r\\n              | INVALID_HEADER
          HTTP/1.1 200 OK\\r\\nX-A: 1\\r\\n folded\\r\\n\\r\\n       | INVALID_HEADER
          HTTP/1.1 200 OK\\r\\nX-A: a\\u0001b\\r\\n\\r\\n           | INVALID_HEADER
          HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\n | INVALID_HEADER
          HTTP/1.1 200 OK\\r\\nContent-Length: -1\\r\\n\\r\\n       | INVALID_HEADER
          HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n  | INVALID_HEADER
          ''                                                       | CLOSED_BEFORE_HEADERS
          HTTP/1.1 200 OK\\r\\nContent-Ty                           | CLOSED_BEFORE_HEADERS
          """)
  void malformedOrIncompleteHeadsAreNamed(String head, UpstreamFailure failure) {
    String unescaped = head.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001");
    assertThat(failureOf(unescaped)).isEqualTo(failure);
  }

  @Test
  void framingFollowsTheRules() throws Exception {
    assertThat(
            read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n")
                .framing())
        .isEqualTo(UpstreamResponse.Framing.CHUNKED);
    assertThat(read("HTTP/1.1 200 OK\r\n\r\n").framing())
        .isEqualTo(UpstreamResponse.Framing.UNTIL_CLOSE);
    assertThat(read("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n").framing())
        .isEqualTo(UpstreamResponse.Framing.NONE);
    assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", 1024, true).framing())
        .isEqualTo(UpstreamResponse.Framing.NONE);
  }

  @Test
  void theHeaderBufferHoldsTheWholeHeadStatusLineIncluded() throws Exception {
    String head = "HTTP/1.1 200 OK\r\nX-Pad: " + "p".repeat(100) + "\r\n\r\n";
    assertThat(read(head, head.length(), false).status()).isEqualTo(200);
    assertThatThrownBy(() -> read(head, head.length() - 1, false))
        .isInstanceOfSatisfying(
            UpstreamFailureException.class,
            e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.HEADER_TOO_LARGE));
  }

  @Test
  void aConnectionCloseOrHttp10MeansNoReuse() throws Exception {
    assertThat(read("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n").closes()).isTrue();
    assertThat(read("HTTP/1.0 200 OK\r\n\r\n").closes()).isTrue();
    assertThat(read("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n").closes()).isFalse();
    assertThat(read("HTTP/1.1 200 OK\r\n\r\n").closes()).isFalse();
  }
}
