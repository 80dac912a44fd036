package dev.probefleet.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.FailureClass;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser over exact bytes, each case also fed one byte per read to prove it is incremental (a
 * response split anywhere must parse the same).
 */
class ResponseParserTest {

  /** What parsing produced: the final head and body, or the violation. */
  record Parsed(
      Integer status,
      String version,
      String reason,
      int interim,
      String body,
      long total,
      boolean complete,
      boolean stopped,
      FailureClass failure,
      String detail) {}

  static Parsed parse(
      String raw, String method, int headerLimit, int capture, long drain, boolean oneByteReads)
      throws IOException {
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    InputStream stream =
        oneByteReads
            ? new ByteArrayInputStream(bytes) {
              @Override
              public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
              }
            }
            : new ByteArrayInputStream(bytes);
    ResponseInput input = new ResponseInput(millis -> {}, stream);
    input.startResponse(Deadline.of(Duration.ofSeconds(5), Instant.MAX, Clock.systemUTC()));
    ResponseParser parser = new ResponseParser(input, headerLimit);
    BodySink body = new BodySink(capture, drain);
    ResponseParser.Head head = null;
    try {
      head = parser.readHead();
      ResponseParser.Framing framing = parser.framing(head, method);
      long length =
          framing == ResponseParser.Framing.CONTENT_LENGTH ? parser.contentLength(head) : -1;
      parser.readBody(framing, length, body);
      return new Parsed(
          head.status(),
          head.version(),
          head.reason(),
          head.interim(),
          new String(body.captured(), StandardCharsets.ISO_8859_1),
          body.total(),
          body.isComplete(),
          body.stoppedAtLimit(),
          null,
          null);
    } catch (ResponseParser.Violation v) {
      return new Parsed(
          head == null ? null : head.status(),
          null,
          null,
          0,
          new String(body.captured(), StandardCharsets.ISO_8859_1),
          body.total(),
          false,
          false,
          v.failureClass(),
          v.getMessage());
    }
  }

  static Parsed both(String raw, String method) throws IOException {
    Parsed whole = parse(raw, method, 64 * 1024, 64 * 1024, 1024 * 1024, false);
    Parsed trickled = parse(raw, method, 64 * 1024, 64 * 1024, 1024 * 1024, true);
    assertThat(trickled).as("same result when every read returns one byte").isEqualTo(whole);
    return whole;
  }

  static Stream<Arguments> wellFormed() {
    return Stream.of(
        Arguments.of(
            "content-length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "GET", 200, "ok"),
        Arguments.of(
            "chunked with extensions and trailers",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=value\r\nWiki\r\n5 ; x=\"y\"\r\npedia\r\n0\r\nExpires: never\r\nX-Trailer: 1\r\n\r\n",
            "GET",
            200,
            "Wikipedia"),
        Arguments.of(
            "chunked as the last of several codings",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "GET",
            200,
            "abc"),
        Arguments.of(
            "HTTP/1.0 peer, body until close",
            "HTTP/1.0 200 OK\r\nServer: old\r\n\r\nhello world",
            "GET",
            200,
            "hello world"),
        Arguments.of(
            "a coding other than chunked last means until close",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz",
            "GET",
            200,
            "zzz"),
        Arguments.of(
            "interim 100 and 103 skipped",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes",
            "GET",
            200,
            "yes"),
        Arguments.of(
            "no body for HEAD despite Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
            "HEAD",
            200,
            ""),
        Arguments.of("no body for 204", "HTTP/1.1 204 No Content\r\n\r\n", "GET", 204, ""),
        Arguments.of(
            "no body for 304 despite Content-Length",
            "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n",
            "GET",
            304,
            ""),
        Arguments.of(
            "bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", "GET", 200, "ok"),
        Arguments.of(
            "no reason phrase", "HTTP/1.1 502\r\nContent-Length: 0\r\n\r\n", "GET", 502, ""),
        Arguments.of(
            "repeated identical Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok",
            "GET",
            200,
            "ok"),
        Arguments.of(
            "Transfer-Encoding wins over Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nok\r\n0\r\n\r\n",
            "GET",
            200,
            "ok"),
        Arguments.of(
            "obs-text in a value",
            "HTTP/1.1 200 OK\r\nX-Name: caf\u00e9\r\nContent-Length: 0\r\n\r\n",
            "GET",
            200,
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void parsesWellFormedResponses(String name, String raw, String method, int status, String body)
      throws IOException {
    Parsed parsed = both(raw, method);
    assertThat(parsed.failure()).as(parsed.detail()).isNull();
    assertThat(parsed.status()).isEqualTo(status);
    assertThat(parsed.body()).isEqualTo(body);
    assertThat(parsed.complete()).isTrue();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "HTTP/1.1 abc\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "status line 'HTTP/1.1 abc' is not valid"),
        Arguments.of(
            "HTTP/2 200\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "status line 'HTTP/2 200' is not valid"),
        Arguments.of(
            "HTTP/1.1 099 Low\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "status line 'HTTP/1.1 099 Low' is not valid"),
        Arguments.of(
            "<html>hello</html>",
            FailureClass.INVALID_RESPONSE,
            "status line '<html>hello</html>' is not valid"),
        Arguments.of(
            "HTTP/1",
            FailureClass.PREMATURE_CLOSE,
            "closed after 6 bytes, before the end of the header block"),
        Arguments.of(
            "<html>hello</html>\r\n",
            FailureClass.INVALID_RESPONSE,
            "status line '<html>hello</html>' is not valid"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ngarbage\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "header line 2 has no colon: 'garbage'"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "header line 2 is an obsolete folded continuation: '  continued'"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "header line 1 has a bare CR: 'X-A: 1'"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "header line 1 has whitespace before the colon: 'X-A : 1'"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\n: 1\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "header line 1 has an empty name: ': 1'"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "header line 1 has a control character in its value: 'X-A: a\\x01b'"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "conflicting Content-Length values: 10, 20"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "Content-Length 'ten' is not a number"),
        Arguments.of("", FailureClass.PREMATURE_CLOSE, "closed after 0 bytes (empty reply)"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nContent-Type: te",
            FailureClass.PREMATURE_CLOSE,
            "closed after 33 bytes, before the end of the header block"),
        Arguments.of(
            "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 100\r\n\r\n0123456789",
            FailureClass.BODY_TRUNCATED,
            "body ended after 10 of 100 bytes (Content-Length)"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n01234",
            FailureClass.BODY_TRUNCATED,
            "body ended after 5 bytes, inside a chunk of 10 bytes (chunked)"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n",
            FailureClass.BODY_TRUNCATED,
            "body ended after 2 bytes, before the last chunk (chunked)"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n0\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "chunk of 2 bytes is not followed by CRLF"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            FailureClass.INVALID_RESPONSE,
            "chunk size 'zz' is not hexadecimal"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
            FailureClass.INVALID_RESPONSE,
            "trailer line 1 has no colon: 'bad trailer'"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("malformed")
  void rejectsMalformedResponsesWithASpecificDetail(String raw, FailureClass failure, String detail)
      throws IOException {
    Parsed parsed = both(raw, "GET");
    assertThat(parsed.failure()).isEqualTo(failure);
    assertThat(parsed.detail()).isEqualTo(detail);
  }

  /**
   * Found by the hostile-endpoint fuzz (seed 20261205, HTTP_09 cases): an answer that cannot be
   * HTTP/1.x was classed by what came after it — a close made it PREMATURE_CLOSE, a long line
   * OVERSIZED_HEADER, a held connection DOWNLOAD_TIMEOUT. It is invalid from its first wrong byte.
   */
  @Test
  void anAnswerThatCannotBeHttp1IsInvalidWhateverFollows() throws IOException {
    Parsed closed = both("pong", "GET");
    assertThat(closed.failure()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(closed.detail()).isEqualTo("status line 'pong' is not valid");

    String endless = "x".repeat(5000);
    Parsed overLimit = parse(endless, "GET", 1024, 16, 16, false);
    assertThat(overLimit.failure()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(overLimit.detail()).isEqualTo("status line '" + "x".repeat(100) + "…' is not valid");

    Parsed alert = both("\u0015\u0003\u0003\u0000\u0002\u0002\u0046", "GET");
    assertThat(alert.failure()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(alert.detail())
        .isEqualTo("status line '\\x15\\x03\\x03\\x00\\x02\\x02F' is not valid");

    Parsed tooLongBeforeTheMismatch = parse("HTTP/", "GET", 3, 16, 16, false);
    assertThat(tooLongBeforeTheMismatch.failure()).isEqualTo(FailureClass.OVERSIZED_HEADER);
  }

  /**
   * Found by the hostile-endpoint fuzz (seed 20261205, OVERSIZED_HEADER cases of interim heads):
   * each interim (1xx) head had a budget of its own, so 16 of them just under the limit made a
   * client read 17 times its header limit. The limit now bounds them together.
   */
  @Test
  void interimHeadsCountAgainstOneHeaderLimit() throws IOException {
    String interim = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n";
    String last = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    String raw = interim.repeat(3) + last;
    assertThat(parse(raw, "GET", raw.length(), 16, 16, false).failure()).isNull();
    Parsed over = parse(raw, "GET", raw.length() - 1, 16, 16, false);
    assertThat(over.failure()).isEqualTo(FailureClass.OVERSIZED_HEADER);
    assertThat(over.detail()).isEqualTo("header block exceeds " + (raw.length() - 1) + " bytes");
    // Each head alone is far under that limit.
    assertThat(interim.length()).isLessThan((raw.length() - 1) / 3);
  }

  @Test
  void headerBlockOverTheLimitIsOversized() throws IOException {
    String raw = "HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(2000) + "\r\n\r\n";
    Parsed parsed = parse(raw, "GET", 1024, 1024, 1024, false);
    assertThat(parsed.failure()).isEqualTo(FailureClass.OVERSIZED_HEADER);
    assertThat(parsed.detail()).isEqualTo("header block exceeds 1024 bytes");

    Parsed fits = parse(raw, "GET", 4096, 1024, 1024, false);
    assertThat(fits.failure()).isNull();
  }

  @Test
  void headerLimitCountsTheWholeBlockExactly() throws IOException {
    String raw = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    int size = raw.length();
    assertThat(parse(raw, "GET", size, 16, 16, false).failure()).isNull();
    assertThat(parse(raw, "GET", size - 1, 16, 16, false).failure())
        .isEqualTo(FailureClass.OVERSIZED_HEADER);
  }

  @Test
  void capturesUpToTheLimitAndDrainsTheRest() throws IOException {
    String body = "a".repeat(100);
    String raw = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + body;
    Parsed parsed = parse(raw, "GET", 4096, 10, 1000, false);
    assertThat(parsed.body()).isEqualTo("a".repeat(10));
    assertThat(parsed.total()).isEqualTo(100);
    assertThat(parsed.complete()).isTrue();
    assertThat(parsed.stopped()).isFalse();
  }

  @Test
  void stopsReadingPastTheDrainLimit() throws IOException {
    String raw = "HTTP/1.1 200 OK\r\n\r\n" + "b".repeat(10_000);
    Parsed parsed = parse(raw, "GET", 4096, 10, 100, false);
    assertThat(parsed.body()).isEqualTo("b".repeat(10));
    assertThat(parsed.stopped()).isTrue();
    assertThat(parsed.complete()).isFalse();
    assertThat(parsed.total()).isLessThan(10_000);
  }

  @Test
  void keepsVersionReasonAndInterimCount() throws IOException {
    Parsed parsed =
        both("HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.0 503 Service Unavailable\r\n\r\n", "GET");
    assertThat(parsed.version()).isEqualTo("HTTP/1.0");
    assertThat(parsed.reason()).isEqualTo("Service Unavailable");
    assertThat(parsed.interim()).isEqualTo(1);
  }

  @Test
  void countsTheFinalHeaderBlocksBytesLineEndsIncluded() throws Exception {
    String head =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: " + "c".repeat(9000) + "\r\n\r\n";
    ResponseParser parser = parser(head + "ok");
    assertThat(parser.readHead().bytes()).isEqualTo(head.length()).isEqualTo(parser.headBytes());

    String bareLf = "HTTP/1.0 502 Bad Gateway\nServer: x\n\n";
    assertThat(parser(bareLf).readHead().bytes()).isEqualTo(bareLf.length());

    // Interim responses are not part of the final response's header block.
    String interim = "HTTP/1.1 100 Continue\r\n\r\n";
    String last = "HTTP/1.1 204 No Content\r\n\r\n";
    assertThat(parser(interim + last).readHead().bytes()).isEqualTo(last.length());
  }

  @Test
  void anOversizedHeaderBlockKeepsHowMuchWasRead() throws IOException {
    ResponseParser parser =
        parser("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(2000) + "\r\n\r\n", 1024);
    try {
      parser.readHead();
      throw new AssertionError("expected the header block to exceed 1024 bytes");
    } catch (ResponseParser.Violation v) {
      assertThat(v.failureClass()).isEqualTo(FailureClass.OVERSIZED_HEADER);
    }
    assertThat(parser.headBytes()).isEqualTo(1025);
  }

  private static ResponseParser parser(String raw) {
    return parser(raw, 64 * 1024);
  }

  private static ResponseParser parser(String raw, int headerLimit) {
    ResponseInput input =
        new ResponseInput(
            millis -> {}, new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    input.startResponse(Deadline.of(Duration.ofSeconds(5), Instant.MAX, Clock.systemUTC()));
    return new ResponseParser(input, headerLimit);
  }
}
