package dev.probefleet.lab.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate with its private key and the chain a server presents (leaf first, without the root
 * of a CA, as servers usually send it).
 *
 * @param privateKey the leaf's private key
 * @param chain the chain to present, leaf first
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

  public IssuedCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least the leaf certificate");
    }
  }

  /** A self-signed certificate for the spec's names (its own issuer, trusted by nobody). */
  public static IssuedCertificate selfSigned(CertificateSpec spec) {
    KeyPair keys = CertificateMinter.newKeyPair("self-signed certificate for " + spec.names());
    var subject = CertificateMinter.commonName(spec.names().get(0));
    X509Certificate certificate =
        CertificateMinter.leaf(spec, keys, subject, null, keys.getPrivate());
    return new IssuedCertificate(keys.getPrivate(), List.of(certificate));
  }

  /** A self-signed certificate for the names, valid now. */
  public static IssuedCertificate selfSigned(String... names) {
    return selfSigned(CertificateSpec.of(names));
  }

  /** The leaf certificate. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The leaf as PEM (for a self-signed certificate, also what a {@code caFile} would hold). */
  public String certificatePem() {
    return Pem.certificates(List.of(leaf()));
  }

  /** The whole chain as PEM, leaf first. */
  public String chainPem() {
    return Pem.certificates(chain);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[" + leaf().getSubjectX500Principal() + "]";
  }
}
