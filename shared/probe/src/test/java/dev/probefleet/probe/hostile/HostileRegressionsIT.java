package dev.probefleet.probe.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probe.ProbeTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe-client bugs the hostile-endpoint fuzz found, each pinned as the exact answer that
 * showed it, played over loopback by the same server. Before the fixes: an answer that cannot be
 * HTTP/1.x was classed by what followed it (PREMATURE_CLOSE, OVERSIZED_HEADER or DOWNLOAD_TIMEOUT
 * instead of INVALID_RESPONSE), and interim (1xx) heads each had a header budget of their own.
 */
class HostileRegressionsIT {
  private static final ProbeClient CLIENT =
      ProbeClient.builder()
          .headerLimit(HostileGenerator.HEADER_LIMIT)
          .bodyCaptureLimit(HostileGenerator.CAPTURE_LIMIT)
          .drainLimit(HostileGenerator.DRAIN_LIMIT)
          .build();
  private static HostileServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new HostileServer(1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ProbeResult play(Duration timeout, Step... steps) {
    HostileCase c =
        new HostileCase(
            0,
            0,
            HostileFamily.HTTP_09,
            "regression",
            false,
            false,
            timeout,
            List.of(steps),
            FailureClass.INVALID_RESPONSE,
            null,
            null);
    HostileServer.Lane lane = server.lane(0);
    lane.serve(c);
    try {
      PathSpec path =
          new PathSpec(
              PathKind.ORIGIN,
              0,
              lane.url(c),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false,
              Optional.empty(),
              Optional.of(timeout),
              List.of(),
              Map.of(),
              List.of());
      return CLIENT
          .probe(ProbeTask.of("regression", path), Instant.now().plusSeconds(30))
          .samples()
          .get(0);
    } finally {
      lane.clear();
    }
  }

  private static Step.Write write(String text) {
    return new Step.Write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Seed 20261205 case 21: was PREMATURE_CLOSE "closed after 4 bytes, before the end of …". */
  @Test
  void anHttp09ReplyClosedWithoutALineEndIsInvalid() {
    ProbeResult result = play(Duration.ofSeconds(3), write("pong"), new Step.Close());
    assertThat(result.failureClass()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(result.detail()).isEqualTo("status line 'pong' is not valid");
    assertThat(result.status()).isNull();
  }

  /** Was OVERSIZED_HEADER: the client read the header limit's worth of a body first. */
  @Test
  void anHttp09BodyLongerThanTheHeaderLimitIsInvalid() {
    String page = "<h1>It works!</h1>".repeat(2000);
    ProbeResult result = play(Duration.ofSeconds(3), write(page), new Step.Close());
    assertThat(result.failureClass()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(result.detail()).startsWith("status line '<h1>It works!</h1><h1>");
  }

  /**
   * Was DOWNLOAD_TIMEOUT "headers incomplete at the deadline": the client waited out its whole
   * timeout for a line end an HTTP/0.9 server never sends. It still reads to the deadline for the
   * detail (at most 100 bytes), but the class no longer blames the server's speed.
   */
  @Test
  void anHttp09ReplyOnAHeldConnectionIsInvalidNotATimeout() {
    ProbeResult result = play(Duration.ofMillis(400), write("ok"), new Step.Hold());
    assertThat(result.failureClass()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(result.detail()).isEqualTo("status line 'ok' is not valid");
    assertThat(result.timings().total()).isLessThan(Duration.ofMillis(400 + 1000).toNanos());
  }

  /** What a TLS server answers a plain-HTTP probe with: an alert record, then the close. */
  @Test
  void aTlsAlertToAPlainHttpProbeIsInvalidAndShowsItsBytes() {
    byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46};
    ProbeResult result = play(Duration.ofSeconds(3), new Step.Write(alert), new Step.Close());
    assertThat(result.failureClass()).isEqualTo(FailureClass.INVALID_RESPONSE);
    assertThat(result.detail())
        .isEqualTo("status line '\\x15\\x03\\x03\\x00\\x02\\x02F' is not valid");
  }

  /** Seed 20261205 case 91: was 503 — four 1xx heads of 4–8 KiB each passed a 16 KiB limit. */
  @Test
  void interimHeadsTogetherPastTheHeaderLimitAreOversized() {
    StringBuilder interim = new StringBuilder("HTTP/1.1 103 Early Hints\r\n");
    for (int i = 0; interim.length() < 6000; i++) {
      interim.append("Link: </asset-").append(i).append(".css>; rel=preload; as=style\r\n");
    }
    interim.append("\r\n");
    String answer =
        interim.toString().repeat(3)
            + "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
    ProbeResult result = play(Duration.ofSeconds(3), write(answer), new Step.Close());
    assertThat(result.failureClass()).isEqualTo(FailureClass.OVERSIZED_HEADER);
    assertThat(result.status()).isNull();
  }
}
