package dev.probefleet.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the TLS handshake established and what strict verification said of it — recorded even when
 * the path is {@code insecure} and the probe went on.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite negotiated suite
 * @param sni the server name sent
 * @param chain the presented chain, leaf first
 * @param verificationError what strict verification said; empty when it passed
 * @param nameMatches whether the leaf certificate covers the SNI
 */
public record TlsSession(
    String protocol,
    String cipherSuite,
    String sni,
    List<CertificateInfo> chain,
    Optional<String> verificationError,
    boolean nameMatches) {

  public TlsSession {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    Objects.requireNonNull(sni, "sni");
    chain = List.copyOf(chain);
    Objects.requireNonNull(verificationError, "verificationError");
  }

  /** The leaf certificate, if any was presented. */
  public Optional<CertificateInfo> leaf() {
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
  }
}
