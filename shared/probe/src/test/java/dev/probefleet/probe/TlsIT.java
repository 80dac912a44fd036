package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.inSeconds;
import static dev.probefleet.probe.Tasks.path;
import static dev.probefleet.probe.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.CertificateSpec;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lab.server.ServerTls;
import dev.probefleet.lab.server.TrickleRelay;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.TlsSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS against servers with certificates made for each case: trust, names, validity, SNI. */
class TlsIT {
  private static final String SHOP = "shop.example.com";
  private static CertificateAuthority ca;
  private static CaBundle bundle;
  private final ProbeClient client =
      ProbeClient.builder().defaultTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void authority() {
    ca = CertificateAuthority.create("probefleet test CA");
    bundle = new CaBundle("test-ca.pem", ca.certificatePem());
  }

  private static FaultHttpServer https(IssuedCertificate certificate) {
    return FaultHttpServer.builder()
        .tls(ServerTls.of(certificate.privateKey(), certificate.chain()))
        .reply(Reply.ok())
        .start();
  }

  private ProbeResult probe(FaultHttpServer server, boolean insecure, CaBundle trusted) {
    PathSpec path = path(server.url("/health"), SHOP, insecure, trusted, null, List.of());
    return client.probe(task(path), inSeconds(30)).samples().get(0);
  }

  @Test
  void aPrivateCaTrustedThroughCaFileVerifiesAndTheChainIsCaptured() {
    IssuedCertificate certificate = ca.issue(SHOP, "www.example.com");
    try (FaultHttpServer server = https(certificate)) {
      ProbeResult result = probe(server, false, bundle);
      assertThat(result.failureClass()).as(result.detail()).isEqualTo(FailureClass.OK);
      assertThat(result.timings().tls()).isNotNull().isPositive();
      TlsSession tls = result.tls().orElseThrow();
      assertThat(tls.sni()).isEqualTo(SHOP);
      assertThat(tls.verificationError()).isEmpty();
      assertThat(tls.nameMatches()).isTrue();
      assertThat(tls.protocol()).startsWith("TLSv1.");
      CertificateInfo leaf = tls.leaf().orElseThrow();
      assertThat(leaf.subject()).contains("CN=" + SHOP);
      assertThat(leaf.subjectAltNames()).containsExactly(SHOP, "www.example.com");
      assertThat(leaf.issuer()).contains("CN=probefleet test CA");
      assertThat(leaf.notAfter()).isEqualTo(certificate.leaf().getNotAfter().toInstant());
      assertThat(leaf.daysLeft(Instant.now())).isBetween(88L, 90L);
      assertThat(leaf.sha256()).hasSize(64);
      assertThat(server.requests().get(0).sni()).contains(SHOP);
      assertThat(server.requests().get(0).header("Host")).contains(SHOP);
    }
  }

  @Test
  void withoutTheBundleThePrivateCaIsUntrusted() {
    try (FaultHttpServer server = https(ca.issue(SHOP))) {
      ProbeResult result = probe(server, false, null);
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_CERTIFICATE_INVALID);
      assertThat(result.detail())
          .isEqualTo("certificate issuer CN=probefleet test CA,O=probefleet lab is not trusted");
      assertThat(result.tls()).get().satisfies(t -> assertThat(t.chain()).hasSize(1));
      assertThat(server.requestCount()).as("no request over an untrusted connection").isZero();
    }
  }

  @Test
  void selfSigned() {
    try (FaultHttpServer server = https(IssuedCertificate.selfSigned(SHOP))) {
      ProbeResult result = probe(server, false, bundle);
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_CERTIFICATE_INVALID);
      assertThat(result.detail())
          .isEqualTo("self-signed certificate CN=shop.example.com,O=probefleet lab is not trusted");
    }
  }

  @Test
  void wrongName() {
    try (FaultHttpServer server = https(ca.issue("other.example.com"))) {
      ProbeResult result = probe(server, false, bundle);
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_CERTIFICATE_INVALID);
      assertThat(result.detail())
          .isEqualTo("certificate does not match shop.example.com (SANs: other.example.com)");
      assertThat(result.tls().orElseThrow().nameMatches()).isFalse();
    }
  }

  @Test
  void aWildcardCoversOneLabel() {
    try (FaultHttpServer server = https(ca.issue("*.example.com"))) {
      assertThat(probe(server, false, bundle).failureClass()).isEqualTo(FailureClass.OK);
    }
    try (FaultHttpServer server = https(ca.issue("*.com"))) {
      assertThat(probe(server, false, bundle).failureClass())
          .isEqualTo(FailureClass.TLS_CERTIFICATE_INVALID);
    }
  }

  @Test
  void expired() {
    IssuedCertificate expired = ca.issue(CertificateSpec.of(SHOP).expired(Duration.ofDays(4)));
    try (FaultHttpServer server = https(expired)) {
      ProbeResult result = probe(server, false, bundle);
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_CERTIFICATE_INVALID);
      assertThat(result.detail())
          .isEqualTo(
              "certificate expired " + expired.leaf().getNotAfter().toInstant() + " (4 days ago)");
    }
  }

  @Test
  void notYetValid() {
    IssuedCertificate future =
        ca.issue(CertificateSpec.of(SHOP).notYetValid(Duration.ofDays(3).plusHours(1)));
    try (FaultHttpServer server = https(future)) {
      ProbeResult result = probe(server, false, bundle);
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_CERTIFICATE_INVALID);
      assertThat(result.detail())
          .endsWith("(in 3 days)")
          .startsWith("certificate is not valid before ");
    }
  }

  @Test
  void insecureGoesOnButRecordsWhatStrictVerificationSaid() {
    IssuedCertificate expired = ca.issue(CertificateSpec.of(SHOP).expired(Duration.ofDays(4)));
    try (FaultHttpServer server = https(expired)) {
      ProbeResult result = probe(server, true, null);
      assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
      assertThat(result.status()).isEqualTo(200);
      TlsSession tls = result.tls().orElseThrow();
      assertThat(tls.verificationError())
          .get()
          .asString()
          .contains("certificate expired")
          .contains("is not trusted");
      assertThat(tls.nameMatches()).isTrue();
    }
  }

  @Test
  void missingSniWhereTheServerRequiresIt() {
    IssuedCertificate certificate = ca.issue(SHOP, "127.0.0.1");
    try (FaultHttpServer server =
        FaultHttpServer.builder()
            .tls(ServerTls.of(certificate.privateKey(), certificate.chain()).withRequiredSni())
            .start()) {
      // An IP literal as the effective SNI: no server name is sent.
      ProbeResult noSni =
          client
              .probe(
                  task(path(server.url("/"), null, false, bundle, null, List.of())), inSeconds(30))
              .samples()
              .get(0);
      assertThat(noSni.failureClass()).isEqualTo(FailureClass.TLS_HANDSHAKE_FAILED);
      assertThat(noSni.detail()).startsWith("TLS handshake failed: ").contains("handshake_failure");

      ProbeResult withSni = probe(server, false, bundle);
      assertThat(withSni.failureClass()).isEqualTo(FailureClass.OK);
    }
  }

  @Test
  void anIpLiteralIsCheckedAgainstIpSans() {
    try (FaultHttpServer server = https(ca.issue("127.0.0.1"))) {
      ProbeResult result =
          client
              .probe(
                  task(path(server.url("/"), null, false, bundle, null, List.of())), inSeconds(30))
              .samples()
              .get(0);
      assertThat(result.failureClass()).as(result.detail()).isEqualTo(FailureClass.OK);
      assertThat(result.tls().orElseThrow().sni()).isEmpty();
    }
  }

  @Test
  void plainHttpOnATlsPort() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      String url = server.url("/").toString().replace("http://", "https://");
      ProbeResult result =
          client
              .probe(
                  task(path(java.net.URI.create(url), SHOP, false, bundle, null, List.of())),
                  inSeconds(30))
              .samples()
              .get(0);
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_HANDSHAKE_FAILED);
      assertThat(result.detail()).contains("does not speak TLS");
    }
  }

  @Test
  void aTrickleOverTlsStillEndsAtTheDeadline() {
    IssuedCertificate certificate = ca.issue(SHOP);
    try (FaultHttpServer server =
        FaultHttpServer.builder()
            .tls(ServerTls.of(certificate.privateKey(), certificate.chain()))
            .reply(Reply.ok().withTrickle(Duration.ofMillis(400)))
            .start()) {
      PathSpec path =
          path(server.url("/"), SHOP, false, bundle, Duration.ofMillis(1500), List.of());
      Instant start = Instant.now();
      ProbeResult result = client.probe(task(path), inSeconds(30)).samples().get(0);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2500));
      assertThat(result.failureClass()).isEqualTo(FailureClass.DOWNLOAD_TIMEOUT);
    }
  }

  @Test
  void aHandshakeTrickledByteByByteStillEndsAtTheDeadline() {
    IssuedCertificate certificate = ca.issue(SHOP);
    try (FaultHttpServer server = https(certificate);
        TrickleRelay relay = TrickleRelay.start(server.address(), Duration.ofMillis(50))) {
      PathSpec path =
          path(relay.url("https", "/"), SHOP, false, bundle, Duration.ofMillis(1500), List.of());
      Instant start = Instant.now();
      ProbeResult result = client.probe(task(path), inSeconds(30)).samples().get(0);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2500));
      assertThat(result.failureClass()).isEqualTo(FailureClass.TLS_HANDSHAKE_FAILED);
      assertThat(result.detail()).isEqualTo("TLS handshake not complete within 1500 ms");
    }
  }

  @Test
  void everyProbeDoesAFullHandshakeAndSeesTheChain() {
    try (FaultHttpServer server = https(ca.issue(SHOP))) {
      for (int i = 0; i < 3; i++) {
        ProbeResult result = probe(server, false, bundle);
        assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
        // A resumed session would skip the certificate: no chain, and a stale one if it changed.
        assertThat(result.tls().orElseThrow().chain()).hasSize(1);
      }
    }
  }
}
