package dev.probefleet.lab.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificatesTest {
  private final CertificateAuthority ca = CertificateAuthority.create("lab CA");

  @Test
  void aLeafIsSignedByItsAuthorityAndCoversItsNames() throws Exception {
    IssuedCertificate leaf = ca.issue("shop.example.com", "127.0.0.1");
    X509Certificate certificate = leaf.leaf();
    certificate.verify(ca.certificate().getPublicKey());
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=shop.example.com");
    assertThat(certificate.getSubjectAlternativeNames())
        .containsExactly(List.of(2, "shop.example.com"), List.of(7, "127.0.0.1"));
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    certificate.checkValidity();
  }

  @Test
  void expiredAndNotYetValidWindows() {
    Instant now = Instant.now();
    X509Certificate expired =
        ca.issue(CertificateSpec.of("a.test").expired(Duration.ofDays(4))).leaf();
    assertThat(expired.getNotAfter().toInstant())
        .isBetween(
            now.minus(Duration.ofDays(4)).minusSeconds(5),
            now.minus(Duration.ofDays(4)).plusSeconds(5));
    X509Certificate future =
        ca.issue(CertificateSpec.of("a.test").notYetValid(Duration.ofDays(2))).leaf();
    assertThat(future.getNotBefore().toInstant())
        .isAfter(now.plus(Duration.ofDays(2)).minusSeconds(5));
  }

  @Test
  void selfSignedIsItsOwnIssuerAndNotTheAuthoritys() throws Exception {
    X509Certificate self = IssuedCertificate.selfSigned("self.test").leaf();
    assertThat(self.getIssuerX500Principal()).isEqualTo(self.getSubjectX500Principal());
    self.verify(self.getPublicKey());
    assertThatThrownBy(() -> self.verify(ca.certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void pemReadsBackAsTheSameCertificates() throws Exception {
    IssuedCertificate leaf = ca.issue("pem.test");
    String pem = ca.certificatePem() + leaf.chainPem();
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n");
    List<Object> parsed =
        new java.util.ArrayList<>(
            CertificateFactory.getInstance("X.509")
                .generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    assertThat(parsed).containsExactly(ca.certificate(), leaf.leaf());
    assertThat(Pem.privateKey(leaf.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void aSpecNeedsANameAndAWindow() {
    assertThatThrownBy(() -> CertificateSpec.of())
        .hasMessage("a certificate needs at least one name");
    Instant now = Instant.now();
    assertThatThrownBy(() -> CertificateSpec.of("a.test").validBetween(now, now))
        .hasMessageContaining("is not after notBefore");
  }
}
