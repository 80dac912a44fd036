package dev.probefleet.captures.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.captures.internal.MisbehavingUpstream.Behaviour;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstreams of the new scenarios do what the recordings claim: a connection attempt to the full
 * accept queue times out (it is not refused), the reset upstream sends an RST after the request,
 * and the TLS upstream fails only the trust check.
 */
class MisbehavingUpstreamTest {
  private static final byte[] REQUEST =
      "GET /health HTTP/1.1\r\nHost: shop.example.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void connectingToTheFullAcceptQueueTimesOutInsteadOfBeingRefused() throws Exception {
    try (MisbehavingUpstream upstream = MisbehavingUpstream.start(Behaviour.ACCEPT_QUEUE_FULL);
        Socket client = new Socket()) {
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  client.connect(
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream.port()),
                      1000))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(900);
    }
  }

  @Test
  void theResetUpstreamReadsTheRequestThenSendsAReset() throws Exception {
    try (MisbehavingUpstream upstream = MisbehavingUpstream.start(Behaviour.RESET_AFTER_REQUEST);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), upstream.port())) {
      client.setSoTimeout(5000);
      OutputStream out = client.getOutputStream();
      out.write(REQUEST);
      out.flush();
      InputStream in = client.getInputStream();

      assertThatThrownBy(in::read)
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("Connection reset");
    }
  }

  @Test
  void theTlsUpstreamFailsOnlyTheTrustCheck(@TempDir Path dir) throws Exception {
    UntrustedCertificate certificate = UntrustedCertificate.generate(dir);
    try (MisbehavingUpstream upstream =
        MisbehavingUpstream.startTls(Behaviour.HEALTHY, certificate.serverContext())) {
      SSLContext trustingTheConfiguredCa = clientTrusting(certificate.trustedCertificates());
      assertThatThrownBy(() -> get(trustingTheConfiguredCa, upstream.port()))
          .isInstanceOf(SSLHandshakeException.class);

      SSLContext trustingTheUpstream = clientTrustingTheUpstream(certificate);
      assertThat(get(trustingTheUpstream, upstream.port())).startsWith("HTTP/1.1 200 OK");
    }
  }

  private static String get(SSLContext context, int port) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.getOutputStream().write(REQUEST);
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static SSLContext clientTrusting(Path pem) throws Exception {
    X509Certificate ca;
    try (FileInputStream in = new FileInputStream(pem.toFile())) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    return context(trust);
  }

  private static SSLContext clientTrustingTheUpstream(UntrustedCertificate certificate)
      throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(certificate.keyStore().toFile())) {
      keys.load(in, "probefleet-capture".toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("upstream", keys.getCertificate("upstream"));
    return context(trust);
  }

  private static SSLContext context(KeyStore trust) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
