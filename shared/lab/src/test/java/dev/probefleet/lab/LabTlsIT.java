package dev.probefleet.lab;

import static dev.probefleet.captures.Scenario.REFUSED;
import static dev.probefleet.captures.Software.NGINX;
import static dev.probefleet.lab.Sees.ok;
import static dev.probefleet.lab.Sees.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.RawHttpClient.Answer;
import dev.probefleet.lab.topology.HopLogLine;
import dev.probefleet.lab.topology.UpstreamFailure;
import dev.probefleet.model.PathSpec;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * A load balancer that speaks TLS (requiring SNI, with a certificate from the lab's CA) and a CDN
 * that verifies it: the TLS faults between the prober and the load balancer and between the hops.
 */
class LabTlsIT {

  private static RawHttpClient client(Lab lab) {
    return RawHttpClient.withTimeout(Duration.ofSeconds(5)).trusting(lab.caPem().orElseThrow());
  }

  @Test
  void healthyOverTlsAndTheTargetCarriesTheLabsCa() {
    try (Lab lab = Lab.builder().lbTls().start()) {
      RawHttpClient client = client(lab);
      for (LabPath path : lab.paths()) {
        ok().check().accept(client.get(path));
      }
      PathSpec lb = lab.target().lb().orElseThrow();
      assertThat(lb.url().getScheme()).isEqualTo("https");
      assertThat(lb.effectiveSni()).isEqualTo(lab.host());
      assertThat(lb.ca())
          .hasValueSatisfying(ca -> assertThat(ca.pem()).isEqualTo(lab.caPem().get()));
    }
  }

  @Test
  void theCdnSendingNoSniToALoadBalancerThatRequiresItAnswersNginx502() {
    try (Lab lab = Lab.builder().lbTls().start()) {
      lab.inject(LabFault.CDN_UPSTREAM_TLS_FAILED);
      RawHttpClient client = client(lab);
      page(NGINX, REFUSED).check().accept(client.get(lab.cdnPath()));
      ok().check().accept(client.get(lab.lbPath()));
      ok().check().accept(client.get(lab.originPath(0)));
      List<HopLogLine> log = lab.log();
      assertThat(log)
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.failure()).isEqualTo(UpstreamFailure.TLS_HANDSHAKE_FAILED);
                assertThat(l.recordedLine())
                    .as("no recording of a TLS failure between hops")
                    .isEmpty();
              });
      lab.clear();
      ok().check().accept(client.get(lab.cdnPath()));
    }
  }

  @Test
  void anExpiredOrWrongNameCertificateFailsTheProberAndTheCdnAlike() {
    try (Lab lab = Lab.builder().lbTls().start()) {
      RawHttpClient client = client(lab);
      for (LabFault fault :
          List.of(LabFault.LB_CERTIFICATE_EXPIRED, LabFault.LB_CERTIFICATE_WRONG_NAME)) {
        lab.inject(fault);
        Answer atLb = client.get(lab.lbPath());
        assertThat(atLb.outcome())
            .as("%s: %s", fault, atLb)
            .isEqualTo(RawHttpClient.Outcome.TLS_FAILED);
        page(NGINX, REFUSED).check().accept(client.get(lab.cdnPath()));
        ok().check().accept(client.get(lab.originPath(0)));
      }
      lab.clear();
      ok().check().accept(client.get(lab.lbPath()));
    }
  }

  @Test
  void anExpiringCertificateStillServesButShowsItsEnd() throws Exception {
    try (Lab lab = Lab.builder().lbTls().start()) {
      lab.inject(LabFault.LB_CERTIFICATE_EXPIRING);
      RawHttpClient client = client(lab);
      ok().check().accept(client.get(lab.lbPath()));
      ok().check().accept(client.get(lab.cdnPath()));
      Instant notAfter = presentedCertificate(lab).getNotAfter().toInstant();
      assertThat(notAfter).isBetween(Instant.now(), Instant.now().plus(Duration.ofDays(6)));
      lab.clear();
      assertThat(presentedCertificate(lab).getNotAfter().toInstant())
          .isAfter(Instant.now().plus(Duration.ofDays(30)));
    }
  }

  private static X509Certificate presentedCertificate(Lab lab) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new AcceptAll()}, null);
    try (Socket raw = new Socket()) {
      raw.connect(lab.lbPath().connectTo(), 2000);
      try (SSLSocket ssl =
          (SSLSocket)
              context.getSocketFactory().createSocket(raw, lab.host(), raw.getPort(), true)) {
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(lab.host())));
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return (X509Certificate) ssl.getSession().getPeerCertificates()[0];
      }
    }
  }

  /** Reads the presented certificate whatever it says. */
  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
