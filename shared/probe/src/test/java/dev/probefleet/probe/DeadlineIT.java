package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.inSeconds;
import static dev.probefleet.probe.Tasks.task;
import static dev.probefleet.probe.Tasks.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lab.server.SilentServer;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Where time goes and where it stops: a delay lands in the phase that waited, and one deadline
 * bounds the whole probe however slowly the server talks. Margins are generous: the machine is
 * shared.
 */
class DeadlineIT {
  private static final long MS = 1_000_000L;
  private final ProbeClient client = ProbeClient.builder().build();

  @Test
  void aSlowFirstByteShowsInTtfbNotInConnect() {
    Duration delay = Duration.ofMillis(700);
    try (FaultHttpServer server = FaultHttpServer.start(Reply.ok().withFirstByteDelay(delay))) {
      ProbeResult result = client.probe(task(server.url("/")), inSeconds(30)).samples().get(0);
      assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
      assertThat(result.timings().ttfb()).isBetween(700 * MS, 1200 * MS);
      assertThat(result.timings().connect()).isLessThan(700 * MS);
      assertThat(result.timings().download()).isLessThan(700 * MS);
    }
  }

  @Test
  void noFirstByteBeforeTheDeadlineIsAResponseTimeout() {
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofSeconds(20)))) {
      ProbeResult result = timed(withTimeout(server.url("/"), Duration.ofMillis(1500)));
      assertThat(result.failureClass()).isEqualTo(FailureClass.RESPONSE_TIMEOUT);
      assertThat(result.detail()).startsWith("no first byte within 1500 ms (waited ");
      assertThat(result.timings().ttfb()).isBetween(1000 * MS, 2500 * MS);
      assertThat(result.status()).isNull();
    }
  }

  @Test
  void aServerThatNeverAnswersIsAResponseTimeout() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.fault(Fault.NEVER_RESPOND))) {
      ProbeResult result = timed(withTimeout(server.url("/"), Duration.ofSeconds(1)));
      assertThat(result.failureClass()).isEqualTo(FailureClass.RESPONSE_TIMEOUT);
    }
  }

  @Test
  void aByteASecondTrickleEndsAtTheDeadline() {
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.ok().withTrickle(Duration.ofSeconds(1)))) {
      ProbeResult result = timed(withTimeout(server.url("/"), Duration.ofMillis(2500)));
      assertThat(result.failureClass()).isEqualTo(FailureClass.DOWNLOAD_TIMEOUT);
      assertThat(result.detail())
          .matches("headers incomplete at the deadline of 2500 ms: [1-4] bytes received");
    }
  }

  @Test
  void aBodyThatStallsIsADownloadTimeoutWithTheStatusKept() {
    try (FaultHttpServer server =
        FaultHttpServer.start(
            Reply.status(200).withBody("s".repeat(1000)).withFault(Fault.STALL_MID_BODY))) {
      ProbeResult result = timed(withTimeout(server.url("/"), Duration.ofMillis(1500)));
      assertThat(result.failureClass()).isEqualTo(FailureClass.DOWNLOAD_TIMEOUT);
      assertThat(result.detail())
          .isEqualTo(
              "body incomplete at the deadline of 1500 ms: 500 of 1000 bytes (Content-Length)");
      assertThat(result.status()).isEqualTo(200);
    }
  }

  @Test
  void aTlsHandshakeThatNeverCompletesEndsAtTheDeadline() {
    try (SilentServer server = SilentServer.start()) {
      ProbeResult result = timed(withTimeout(server.url("https", "/"), Duration.ofMillis(1500)));
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_HANDSHAKE_FAILED);
      assertThat(result.detail()).isEqualTo("TLS handshake not complete within 1500 ms");
      assertThat(result.timings().tls()).isBetween(1000 * MS, 2500 * MS);
    }
  }

  /**
   * A sample the round's deadline ends before the path's own timeout blames nobody: the prober was
   * late, the target may be fine. It is reported as not run, never as the target's timeout.
   */
  @Test
  void aProbeCutShortByTheRoundDeadlineIsNotTheTargetsTimeout() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.fault(Fault.NEVER_RESPOND))) {
      Instant start = Instant.now();
      assertThatThrownBy(() -> client.probe(task(server.url("/")), start.plusMillis(1200)))
          .isInstanceOf(ProbeNotStartedException.class)
          .hasMessageContaining("cut short by the round deadline after")
          .hasMessageContaining("before the path's own timeout")
          .hasMessageContaining("RESPONSE_TIMEOUT by then");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2200));
    }
  }

  /** Probes and checks the whole probe ended within its timeout plus a margin. */
  private ProbeResult timed(dev.probefleet.model.PathSpec path) {
    Duration timeout = path.timeout().orElseThrow();
    Instant start = Instant.now();
    ProbeResult result = client.probe(task(path), inSeconds(60)).samples().get(0);
    Duration took = Duration.between(start, Instant.now());
    assertThat(took).isGreaterThanOrEqualTo(timeout.minusMillis(50));
    assertThat(took).isLessThan(timeout.plusMillis(1000));
    assertThat(result.timings().total()).isLessThan(timeout.plusMillis(1000).toNanos());
    return result;
  }
}
