package dev.probefleet.lab.pki;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** PEM text for certificates and keys, as a {@code caFile} or a server's key file holds it. */
public final class Pem {
  private Pem() {}

  /** The certificates as concatenated {@code CERTIFICATE} blocks, in order. */
  public static String certificates(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        out.append(block("CERTIFICATE", certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new UnableToIssueCertificateException(
            "PEM for " + certificate.getSubjectX500Principal(), e);
      }
    }
    return out.toString();
  }

  /** A {@code PRIVATE KEY} (PKCS#8) block. */
  public static String privateKey(java.security.PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
