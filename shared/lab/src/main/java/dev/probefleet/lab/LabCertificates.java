package dev.probefleet.lab;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.CertificateSpec;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.ServerTls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The load balancer's certificates, all from a CA made for one lab: the good one and one per
 * certificate fault, minted once at start so that switching faults is only choosing which to
 * present.
 */
record LabCertificates(
    CertificateAuthority ca,
    ServerTls good,
    ServerTls expired,
    ServerTls wrongName,
    ServerTls expiring) {

  /**
   * Mints them for the lab's names: the good one covers the host, the lb name and 127.0.0.1; the
   * wrong-name one covers another name of the domain; the expiring one has five days left.
   */
  static LabCertificates mint(LabSettings settings) {
    CertificateAuthority ca = CertificateAuthority.create("probefleet lab CA");
    CertificateSpec names = CertificateSpec.of(settings.host(), settings.lbName(), "127.0.0.1");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new LabCertificates(
        ca,
        tls(ca.issue(names)),
        tls(ca.issue(names.expired(Duration.ofDays(2)))),
        tls(ca.issue("other." + settings.domain())),
        tls(
            ca.issue(
                names.validBetween(now.minus(Duration.ofDays(85)), now.plus(Duration.ofDays(5))))));
  }

  /** The certificate the load balancer presents while {@code lbFault} (or none) is in force. */
  ServerTls presentedUnder(LabFault lbFault) {
    if (lbFault == LabFault.LB_CERTIFICATE_EXPIRED) {
      return expired;
    } else if (lbFault == LabFault.LB_CERTIFICATE_WRONG_NAME) {
      return wrongName;
    } else if (lbFault == LabFault.LB_CERTIFICATE_EXPIRING) {
      return expiring;
    }
    return good;
  }

  /**
   * A client TLS context trusting only the lab's CA. A fresh one per fault switch, so that no TLS
   * session resumed from before the switch hides the new certificate or the missing SNI.
   */
  SSLContext trustingContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("lab-ca", ca.certificate());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context trusting the lab's CA", e);
    }
  }

  /** The PEM of the CA, for a prober to trust. */
  String caPem() {
    return ca.certificatePem();
  }

  private static ServerTls tls(IssuedCertificate certificate) {
    return ServerTls.of(certificate.privateKey(), certificate.chain()).withRequiredSni();
  }
}
