package dev.probefleet.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.pki.IssuedCertificate;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class HostnameMatcherTest {

  private static X509Certificate certificate(String... names) {
    return IssuedCertificate.selfSigned(names).leaf();
  }

  @Test
  void exactNamesIgnoreCaseAndATrailingDot() {
    X509Certificate certificate = certificate("shop.example.com");
    assertThat(HostnameMatcher.matches(certificate, "Shop.Example.COM.")).isTrue();
    assertThat(HostnameMatcher.matches(certificate, "www.shop.example.com")).isFalse();
  }

  @Test
  void aWildcardCoversExactlyOneLeftmostLabel() {
    X509Certificate certificate = certificate("*.example.com");
    assertThat(HostnameMatcher.matches(certificate, "a.example.com")).isTrue();
    assertThat(HostnameMatcher.matches(certificate, "example.com")).isFalse();
    assertThat(HostnameMatcher.matches(certificate, "a.b.example.com")).isFalse();
    assertThat(HostnameMatcher.matches(certificate("*.com"), "example.com")).isFalse();
  }

  @Test
  void ipLiteralsMatchIpSansOnly() {
    X509Certificate certificate = certificate("shop.example.com", "127.0.0.1", "::1");
    assertThat(HostnameMatcher.matches(certificate, "127.0.0.1")).isTrue();
    assertThat(HostnameMatcher.matches(certificate, "127.0.0.2")).isFalse();
    assertThat(HostnameMatcher.matches(certificate, "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(HostnameMatcher.subjectAltNames(certificate))
        .containsExactly("shop.example.com", "127.0.0.1", "0:0:0:0:0:0:0:1");
  }
}
