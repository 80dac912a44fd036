package dev.probefleet.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lab.server.ServerTls;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.RoundProber;
import dev.probefleet.probing.RoundProblem;
import dev.probefleet.testing.CarrierHog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, end to end through {@code diagnose}: a prober saturated while its probes are in flight
 * (one spinning virtual thread per carrier for 1.5 s, probes with an 800 ms timeout, a round of 1.3
 * s, so no time to retry) gives no target a failure verdict; the paths it could not judge are
 * reported as problems with the reason "prober overloaded", and the verdicts say so by being
 * inconclusive, never by blaming a layer.
 */
class OverloadedProberDiagnoseIT {

  @Test
  void aSaturatedProberBlamesNoTargetAndSaysWhy() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("probefleet overload CA");
    IssuedCertificate certificate = ca.issue("localhost", "127.0.0.1");
    CaBundle bundle = new CaBundle("overload-ca.pem", ca.certificatePem());
    try (FaultHttpServer lb =
        FaultHttpServer.builder()
            .tls(ServerTls.of(certificate.privateKey(), certificate.chain()))
            .reply(Reply.ok().withFirstByteDelay(Duration.ofMillis(300)))
            .start()) {
      List<Target> targets = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        PathSpec path =
            new PathSpec(
                PathKind.LB,
                0,
                lb.url("/shop-" + i),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.of(bundle),
                Optional.of(Duration.ofMillis(800)),
                List.of(),
                Map.of(),
                List.of());
        targets.add(
            new Target(
                "shop-" + i,
                new RequestSpec("GET", Map.of()),
                ExpectSpec.DEFAULT,
                BurstSpec.SINGLE,
                Optional.empty(),
                Optional.of(path),
                List.of()));
      }
      DiagnoseService service =
          new DiagnoseService(
              new RoundProber(
                  ProbeClient.builder().build(),
                  new EnvironmentSecretResolver(Map.of()),
                  Fingerprinter.defaults(),
                  Clock.systemUTC()),
              new BaselineLearning(BaselineLearner.DEFAULT, Fingerprinter.defaults()),
              Clock.systemUTC(),
              d -> {});

      CarrierHog hog = CarrierHog.after(Duration.ofMillis(120), Duration.ofMillis(1500));
      Diagnosis diagnosis =
          service.diagnose(
              targets,
              new DiagnoseOptions(1, Duration.ofSeconds(10), "local", Duration.ofMillis(1300)));

      for (var target : diagnosis.report().targets()) {
        Verdict verdict = target.verdict();
        assertThat(verdict.layer())
            .as("%s: %s", target.name(), verdict.summary())
            .isIn(Layer.NONE, Layer.INCONCLUSIVE);
      }
      assertThat(diagnosis.problems())
          .extracting(RoundProblem::reason)
          .anySatisfy(reason -> assertThat(reason).startsWith("prober overloaded: "));
      assertThat(hog.awaitStarted(Duration.ofSeconds(5))).isTrue();
    }
  }
}
