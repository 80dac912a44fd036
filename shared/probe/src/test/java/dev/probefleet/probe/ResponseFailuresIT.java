package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.client;
import static dev.probefleet.probe.Tasks.inSeconds;
import static dev.probefleet.probe.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every response-phase failure class, each played by a real server on loopback. */
class ResponseFailuresIT {
  private final ProbeClient client = client(Duration.ofSeconds(3));

  private ProbeResult probe(Reply reply) {
    try (FaultHttpServer server = FaultHttpServer.start(reply)) {
      return client.probe(task(server.url("/health")), inSeconds(30)).samples().get(0);
    }
  }

  @Test
  void aHealthyResponseIsOkWithEveryPhaseTimed() {
    ProbeResult result = probe(Reply.ok().withHeader("Server", "lab"));
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.detail()).isEmpty();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.response()).get().extracting(r -> r.bodyText()).isEqualTo("ok\n");
    assertThat(result.remoteAddress()).startsWith("127.0.0.1:");
    assertThat(result.timings().dns()).isNull();
    assertThat(result.timings().tls()).isNull();
    assertThat(result.timings().connect()).isNotNull();
    assertThat(result.timings().requestWrite()).isNotNull();
    assertThat(result.timings().ttfb()).isNotNull();
    assertThat(result.timings().download()).isNotNull();
    assertThat(result.timings().total())
        .isGreaterThanOrEqualTo(result.timings().connect() + result.timings().ttfb());
    assertThat(result.headerBytes()).isEqualTo(headerBlockSize(result));
  }

  @Test
  void aLargeHeaderBlockIsMeasuredOnTheWire() {
    ProbeResult result = probe(Reply.ok().withHeader("Set-Cookie", "s=" + "a".repeat(12_000)));
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.headerBytes()).isGreaterThan(12_000).isEqualTo(headerBlockSize(result));
  }

  /** The header block as the captured response spells it, each line ended by CRLF. */
  private static int headerBlockSize(ProbeResult result) {
    var r = result.response().orElseThrow();
    int size = (r.version() + " " + r.status() + " " + r.reason() + "\r\n").length() + 2;
    for (var f : r.headers().fields()) {
      size += (f.name() + ": " + f.value() + "\r\n").length();
    }
    return size;
  }

  @Test
  void invalidStatusLine() {
    ProbeResult result = probe(Reply.fault(Fault.INVALID_STATUS_LINE));
    assertThat(result.failureClass()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(result.detail()).isEqualTo("status line 'HTTP/1.1 abc' is not valid");
    assertThat(result.status()).isNull();
  }

  @Test
  void invalidHeaderLine() {
    ProbeResult result = probe(Reply.fault(Fault.INVALID_HEADER_LINE));
    assertThat(result.failureClass()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(result.detail()).isEqualTo("header line 2 has no colon: 'garbage'");
  }

  @Test
  void emptyReply() {
    ProbeResult result = probe(Reply.fault(Fault.EMPTY_REPLY));
    assertThat(result.failureClass()).isEqualTo(FailureClass.PREMATURE_CLOSE);
    assertThat(result.detail()).isEqualTo("closed after 0 bytes (empty reply)");
    assertThat(result.headerBytes()).isNull();
  }

  @Test
  void closeAfterHalfTheHeaders() {
    ProbeResult result = probe(Reply.fault(Fault.CLOSE_MID_HEADERS));
    assertThat(result.failureClass()).isEqualTo(FailureClass.PREMATURE_CLOSE);
    assertThat(result.detail())
        .matches("closed after \\d+ bytes, before the end of the header block");
  }

  @Test
  void connectionReset() {
    ProbeResult result = probe(Reply.fault(Fault.RESET));
    assertThat(result.failureClass()).isEqualTo(FailureClass.CONNECTION_RESET);
    assertThat(result.detail()).isEqualTo("connection reset before any response byte");
  }

  @Test
  void connectionResetInTheBody() {
    ProbeResult result = probe(Reply.fault(Fault.RESET_MID_BODY).withBody("x".repeat(10_000)));
    assertThat(result.failureClass()).isEqualTo(FailureClass.CONNECTION_RESET);
  }

  @Test
  void oversizedHeaders() {
    ProbeResult result = probe(Reply.fault(Fault.OVERSIZED_HEADERS));
    assertThat(result.failureClass()).isEqualTo(FailureClass.OVERSIZED_HEADER);
    assertThat(result.detail()).isEqualTo("header block exceeds 65536 bytes");
    assertThat(result.headerBytes()).isEqualTo(65_537);
  }

  @Test
  void truncatedBodyKeepsTheStatus() {
    ProbeResult result =
        probe(Reply.status(502).withBody("y".repeat(100)).withFault(Fault.TRUNCATED_BODY));
    assertThat(result.failureClass()).isEqualTo(FailureClass.BODY_TRUNCATED);
    assertThat(result.detail()).isEqualTo("body ended after 50 of 100 bytes (Content-Length)");
    assertThat(result.status()).isEqualTo(502);
    assertThat(result.response()).get().satisfies(r -> assertThat(r.bodyComplete()).isFalse());
  }

  @Test
  void truncatedChunkedBody() {
    ProbeResult result =
        probe(
            Reply.ok()
                .withBody("z".repeat(3000))
                .withFraming(Reply.Framing.CHUNKED)
                .withFault(Fault.TRUNCATED_BODY));
    assertThat(result.failureClass()).isEqualTo(FailureClass.BODY_TRUNCATED);
    assertThat(result.detail()).contains("(chunked)");
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void fiveHundreds(int status) {
    ProbeResult result = probe(Reply.status(status));
    assertThat(result.failureClass()).isEqualTo(FailureClass.HTTP_5XX);
    assertThat(result.status()).isEqualTo(status);
    assertThat(result.detail()).isEqualTo("status " + status + " " + Reply.reasonOf(status));
  }

  @Test
  void anExplicitlyExpected503IsHealthy() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.status(503))) {
      ProbeTask task =
          task(server.url("/")).withExpect(new ExpectSpec(List.of(503), Optional.empty()));
      assertThat(client.probe(task, inSeconds(30)).samples().get(0).failureClass())
          .isEqualTo(FailureClass.OK);
    }
  }

  @Test
  void unexpectedStatus() {
    ProbeResult result = probe(Reply.status(404));
    assertThat(result.failureClass()).isEqualTo(FailureClass.HTTP_UNEXPECTED_STATUS);
    assertThat(result.detail()).isEqualTo("status 404 Not Found, expected 2xx or 3xx");
  }

  @Test
  void statusOutsideAnExplicitList() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.status(201))) {
      ProbeTask task =
          task(server.url("/")).withExpect(new ExpectSpec(List.of(200, 204), Optional.empty()));
      ProbeResult result = client.probe(task, inSeconds(30)).samples().get(0);
      assertThat(result.failureClass()).isEqualTo(FailureClass.HTTP_UNEXPECTED_STATUS);
      assertThat(result.detail()).isEqualTo("status 201 Created, expected 200, 204");
    }
  }

  @Test
  void bodyAssertion() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.ok().withBody("status: degraded"))) {
      ProbeTask failing =
          task(server.url("/")).withExpect(new ExpectSpec(List.of(), Optional.of("status: up")));
      ProbeResult result = client.probe(failing, inSeconds(30)).samples().get(0);
      assertThat(result.failureClass()).isEqualTo(FailureClass.ASSERTION_FAILED);
      assertThat(result.detail())
          .isEqualTo("body does not contain 'status: up' (searched 16 bytes)");

      ProbeTask passing =
          task(server.url("/")).withExpect(new ExpectSpec(List.of(), Optional.of("degraded")));
      assertThat(client.probe(passing, inSeconds(30)).samples().get(0).failureClass())
          .isEqualTo(FailureClass.OK);
    }
  }

  @Test
  void redirectIsRecordedNotFollowed() {
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.status(302).withHeader("Location", "/login"))) {
      ProbeResult result = client.probe(task(server.url("/")), inSeconds(30)).samples().get(0);
      assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
      assertThat(result.location()).contains("/login");
      assertThat(result.detail()).isEqualTo("redirect to /login (not followed)");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void http10PeerWithABodyUntilClose() {
    ProbeResult result =
        probe(Reply.ok().withHttp10().withFraming(Reply.Framing.CLOSE_DELIMITED).withBody("old"));
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.response().get().version()).isEqualTo("HTTP/1.0");
    assertThat(result.response().get().bodyText()).isEqualTo("old");
    assertThat(result.response().get().bodyComplete()).isTrue();
  }

  @Test
  void chunkedAfterEarlyHints() {
    ProbeResult result =
        probe(
            Reply.ok()
                .withInterim(103)
                .withFraming(Reply.Framing.CHUNKED)
                .withBody("c".repeat(2500)));
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.response().get().bodyText()).isEqualTo("c".repeat(2500));
  }

  @Test
  void headRequestHasNoBody() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.ok().withBody("x".repeat(500)))) {
      ProbeResult result =
          client.probe(task(server.url("/")).withMethod("HEAD"), inSeconds(30)).samples().get(0);
      assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
      assertThat(result.response().get().bodyBytes()).isZero();
      assertThat(server.requests().get(0).method()).isEqualTo("HEAD");
    }
  }

  @Test
  void bodyCaptureIsBoundedAndTheRestDrained() {
    ProbeClient small = ProbeClient.builder().bodyCaptureLimit(1000).build();
    try (FaultHttpServer server = FaultHttpServer.start(Reply.ok().withBody("d".repeat(50_000)))) {
      ProbeResult result = small.probe(task(server.url("/")), inSeconds(30)).samples().get(0);
      assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
      assertThat(result.response().get().body()).hasSize(1000);
      assertThat(result.response().get().bodyBytes()).isEqualTo(50_000);
      assertThat(result.response().get().bodyComplete()).isTrue();
    }
  }
}
