package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.path;
import static dev.probefleet.probe.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lab.server.ServerTls;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathSpec;
import dev.probefleet.testing.CarrierHog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A prober that saturates itself must not blame its targets (issue 16). The saturation is made here
 * the way it happens in a real prober: CPU-bound work on the virtual threads' carriers —
 * handshakes, a compiler, a pause — that keeps the probes' own continuations from running. Here it
 * is one spinning virtual thread per carrier for 1.5 s while probes with an 800 ms timeout are in
 * flight: their deadlines pass while they cannot run, exactly the false failure a saturated prober
 * used to report. The servers answer in time throughout (they run on platform threads).
 */
class ProberSaturationIT {
  private static final Duration HOG = Duration.ofMillis(1500);
  private static final Duration TIMEOUT = Duration.ofMillis(800);

  private static CertificateAuthority ca;
  private static CaBundle bundle;
  private static FaultHttpServer https;

  @BeforeAll
  static void server() {
    ca = CertificateAuthority.create("probefleet saturation CA");
    bundle = new CaBundle("saturation-ca.pem", ca.certificatePem());
    IssuedCertificate certificate = ca.issue("localhost", "127.0.0.1");
    https =
        FaultHttpServer.builder()
            .tls(ServerTls.of(certificate.privateKey(), certificate.chain()))
            .reply(Reply.ok().withFirstByteDelay(Duration.ofMillis(300)))
            .start();
  }

  @AfterAll
  static void stop() {
    https.close();
  }

  private static List<ProbeTask> tasks(int n) {
    List<ProbeTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PathSpec spec = path(https.url("/saturated/" + i), null, false, bundle, TIMEOUT, List.of());
      tasks.add(ProbeTask.of("target-" + i, spec));
    }
    return tasks;
  }

  @Test
  void failuresSeenWhileTheProberWasSaturatedAreRetriedAndNoTargetIsBlamed() throws Exception {
    ProbeClient client = ProbeClient.builder().build();
    List<ProbeTask> tasks = tasks(40);
    Instant start = Instant.now();
    CarrierHog hog = CarrierHog.after(Duration.ofMillis(120), HOG);
    RoundOutcome outcome = client.round(tasks, start.plusSeconds(20));
    assertThat(hog.awaitStarted(Duration.ofSeconds(5))).isTrue();
    System.out.println(outcome.load());

    assertThat(outcome.entries()).hasSize(40);
    int ok = 0;
    for (RoundOutcome.Entry entry : outcome.entries()) {
      // Every path either answered OK (first time or on its retry) or is reported overloaded:
      // none is a failure of its target.
      if (entry instanceof RoundOutcome.Observed observed) {
        assertThat(observed.observation().representative().failureClass())
            .as("%s: %s", entry.task().label(), observed.observation().representative().detail())
            .isEqualTo(FailureClass.OK);
        ok++;
      } else {
        assertThat(entry).isInstanceOf(RoundOutcome.ProberOverloaded.class);
      }
    }
    // The round saw what happened to it, and how the failures it caused were handled: retried
    // once the prober was on time again, and the retries answered.
    assertThat(outcome.load().maxLatenessMillis()).isGreaterThanOrEqualTo(1000);
    assertThat(outcome.load().retried()).isPositive();
    assertThat(ok).isGreaterThanOrEqualTo(40 - outcome.load().retried());
    assertThat(ok).as("paths answered, the retried ones among them").isGreaterThan(30);
  }

  @Test
  void withNoTimeLeftToRetryThePathIsReportedProberOverloadedNeverFailing() throws Exception {
    ProbeClient client = ProbeClient.builder().build();
    List<ProbeTask> tasks = tasks(20);
    Instant start = Instant.now();
    CarrierHog hog = CarrierHog.after(Duration.ofMillis(120), HOG);
    // The round ends before the carriers are free again: no time for a retry.
    RoundOutcome outcome = client.round(tasks, start.plusMillis(1300));
    assertThat(hog.awaitStarted(Duration.ofSeconds(5))).isTrue();
    System.out.println(outcome.load());

    List<RoundOutcome.ProberOverloaded> overloaded = new ArrayList<>();
    for (RoundOutcome.Entry entry : outcome.entries()) {
      switch (entry) {
        case RoundOutcome.Observed o ->
            assertThat(o.observation().representative().failureClass())
                .as("%s: %s", o.task().label(), o.observation().representative().detail())
                .isEqualTo(FailureClass.OK);
        case RoundOutcome.ProberOverloaded p -> overloaded.add(p);
        case RoundOutcome.NotStarted n -> {
          // a task that found the round over: the prober's shortfall, no result either
        }
        case RoundOutcome.InternalFailure f -> throw new AssertionError(f.error(), f.cause());
      }
    }
    assertThat(overloaded).isNotEmpty();
    assertThat(overloaded.get(0).reason()).contains("ms late").contains("no time left to retry");
    assertThat(outcome.load().overloaded()).isEqualTo(overloaded.size());
    assertThat(outcome.load().maxLatenessMillis()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void aTimeoutOfAnUnloadedProberIsStillTheTargets() {
    try (FaultHttpServer silent =
        FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofSeconds(5)))) {
      ProbeClient client = ProbeClient.builder().build();
      ProbeTask slow =
          task(path(silent.url("/slow"), null, false, null, Duration.ofMillis(300), List.of()));
      RoundOutcome outcome = client.round(List.of(slow), Instant.now().plusSeconds(10));
      RoundOutcome.Observed observed = (RoundOutcome.Observed) outcome.entries().get(0);
      assertThat(observed.observation().representative().failureClass())
          .isEqualTo(FailureClass.RESPONSE_TIMEOUT);
      assertThat(outcome.load().retried()).isZero();
      assertThat(outcome.load().ticks()).isPositive();
    }
  }
}
