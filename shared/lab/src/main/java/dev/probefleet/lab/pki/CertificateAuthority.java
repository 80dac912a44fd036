package dev.probefleet.lab.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A private certificate authority made at run time: a self-signed root that issues leaf
 * certificates directly. Its PEM ({@link #certificatePem()}) is what a path's {@code caFile}
 * trusts. Thread-safe.
 */
public final class CertificateAuthority {
  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private CertificateAuthority(X500Name name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new root valid from a day ago for ten years. */
  public static CertificateAuthority create(String commonName) {
    X500Name name = CertificateMinter.commonName(commonName);
    KeyPair keys = CertificateMinter.newKeyPair("CA key for " + commonName);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate certificate =
        CertificateMinter.authority(
            name, keys, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
    return new CertificateAuthority(name, keys, certificate);
  }

  /** Issues a leaf certificate as the spec says. */
  public IssuedCertificate issue(CertificateSpec spec) {
    KeyPair leafKeys = CertificateMinter.newKeyPair("key for " + spec.names());
    X509Certificate leaf =
        CertificateMinter.leaf(spec, leafKeys, name, certificate, keys.getPrivate());
    return new IssuedCertificate(leafKeys.getPrivate(), List.of(leaf));
  }

  /** Issues a leaf certificate for the names, valid now. */
  public IssuedCertificate issue(String... names) {
    return issue(CertificateSpec.of(names));
  }

  /** The root certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The root certificate as PEM, the content of a {@code caFile}. */
  public String certificatePem() {
    return Pem.certificates(List.of(certificate));
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal() + "]";
  }
}
