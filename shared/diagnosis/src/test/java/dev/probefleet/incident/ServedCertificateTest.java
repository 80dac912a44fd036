package dev.probefleet.incident;

import static dev.probefleet.scenario.Sample.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.attribution.RegionRound;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.TlsSession;
import dev.probefleet.scenario.Sample;
import dev.probefleet.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServedCertificateTest {
  static final Instant NOW = Scenario.NOW;
  static final CertificateInfo OLD = CertificateRun.cert("shop.example.com", 'a', NOW);
  static final CertificateInfo NEW =
      CertificateRun.cert("shop.example.com", 'b', NOW.plus(Duration.ofDays(90)));

  static TlsSession session(CertificateInfo leaf) {
    return new TlsSession(
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        "shop.example.com",
        List.of(leaf, CertificateRun.cert("R11", 'f', NOW.plus(Duration.ofDays(900)))),
        Optional.empty(),
        true);
  }

  static List<RoundRecord> records(Scenario s) {
    return s.rounds().stream().map(RegionRound::record).toList();
  }

  @Test
  void everyLeafOfEveryPathOncePerCertificate() {
    // A burst of three to the CDN: two edges answered with two certificates.
    Scenario s =
        Scenario.fullChain()
            .cdn(ok().tls(session(NEW)), ok().tls(session(OLD)), ok().tls(session(NEW)))
            .lb(Sample.fails(FailureClass.TLS_CERTIFICATE_INVALID).tls(session(OLD)))
            .origin(ok());
    RoundRecord record = records(s).get(0);
    assertThat(ServedCertificate.of(record))
        .containsExactly(
            new ServedCertificate("cdn", PathKind.CDN, "us-east-1", NEW),
            new ServedCertificate("cdn", PathKind.CDN, "us-east-1", OLD),
            new ServedCertificate("lb", PathKind.LB, "us-east-1", OLD));
    assertThat(ServedCertificate.observedPaths(record)).containsExactly("cdn", "lb");
  }

  @Test
  void aHandshakeThatSawNoCertificateIsNotAnObservation() {
    Scenario s =
        Scenario.fullChain()
            .cdn(Sample.fails(FailureClass.CONNECT_TIMEOUT))
            .lb(Sample.fails(FailureClass.TLS_HANDSHAKE_FAILED))
            .origin(ok());
    RoundRecord record = records(s).get(0);
    assertThat(ServedCertificate.of(record)).isEmpty();
    assertThat(ServedCertificate.observedPaths(record)).isEmpty();
  }

  @Test
  void aLeafWithoutASha256IsLeftOut() {
    CertificateInfo unhashed =
        new CertificateInfo("CN=x", List.of("x"), "CN=R11", NOW, NOW.plusSeconds(60), "");
    Scenario s = Scenario.fullChain().cdn(ok().tls(session(unhashed))).lb(ok()).origin(ok());
    RoundRecord record = records(s).get(0);
    assertThat(ServedCertificate.of(record)).isEmpty();
    assertThat(ServedCertificate.observedPaths(record)).isEmpty();
  }

  @Test
  void theLabelAndTheKindMustAgree() {
    assertThatThrownBy(() -> new ServedCertificate("lb", PathKind.CDN, "us-east-1", OLD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path lb is not a CDN path");
    assertThatThrownBy(() -> new ServedCertificate("edge", PathKind.CDN, "us-east-1", OLD))
        .hasMessage("'edge' is not a path label (cdn, lb or origin[i])");
    assertThatThrownBy(() -> new ServedCertificate("origin[x]", PathKind.ORIGIN, "eu", OLD))
        .hasMessage("'origin[x]' is not a path label (cdn, lb or origin[i])");
    assertThat(new ServedCertificate("origin[12]", PathKind.ORIGIN, "eu", OLD).path())
        .isEqualTo("origin[12]");
  }
}
