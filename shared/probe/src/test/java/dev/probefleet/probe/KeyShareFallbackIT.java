package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.path;
import static dev.probefleet.probe.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.IssuedCertificate;
import dev.probefleet.lab.server.ServerTls;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * With native ECDH in front the client offers the NIST curves only (its key share on P-256). A
 * server configured for X25519 alone refuses that hello; the probe must not call it a TLS failure:
 * it tries once more with every group and reports what the server really does.
 */
class KeyShareFallbackIT {

  @Test
  void anX25519OnlyServerIsProbedOkAfterOneRefusedHello() throws Exception {
    NativeCrypto.Status crypto = NativeCrypto.install();
    CertificateAuthority ca = CertificateAuthority.create("probefleet x25519 CA");
    IssuedCertificate certificate = ca.issue("localhost", "127.0.0.1");
    SSLServerSocket listener =
        (SSLServerSocket)
            ServerTls.of(certificate.privateKey(), certificate.chain())
                .sslContext()
                .getServerSocketFactory()
                .createServerSocket();
    SSLParameters parameters = listener.getSSLParameters();
    parameters.setNamedGroups(new String[] {"x25519"});
    listener.setSSLParameters(parameters);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    AtomicInteger connections = new AtomicInteger();
    AtomicInteger handshakes = new AtomicInteger();
    Thread server =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!listener.isClosed()) {
                    try (SSLSocket socket = (SSLSocket) listener.accept()) {
                      connections.incrementAndGet();
                      socket.startHandshake();
                      handshakes.incrementAndGet();
                      InputStream in = socket.getInputStream();
                      byte[] head = new byte[4096];
                      int n = 0;
                      while (n < 4
                          || !new String(head, 0, n, StandardCharsets.ISO_8859_1)
                              .endsWith("\r\n\r\n")) {
                        int r = in.read(head, n, head.length - n);
                        if (r < 0) {
                          break;
                        }
                        n += r;
                      }
                      OutputStream out = socket.getOutputStream();
                      out.write(
                          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                              .getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                    } catch (IOException e) {
                      // a refused hello, or the listener closed
                    }
                  }
                });
    try {
      ProbeClient client = ProbeClient.builder().build();
      CaBundle bundle = new CaBundle("x25519-ca.pem", ca.certificatePem());
      var url = java.net.URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/health");
      ProbeResult result =
          client
              .probe(
                  task(path(url, null, false, bundle, null, List.of())),
                  Instant.now().plusSeconds(20))
              .samples()
              .get(0);

      assertThat(result.failureClass()).as(result.detail()).isEqualTo(FailureClass.OK);
      assertThat(result.tls()).isPresent();
      assertThat(handshakes.get()).isEqualTo(1);
      // With native ECDH the first hello (NIST curves only) was refused, then one with every group
      // succeeded; without it the JDK's default list includes X25519 from the start.
      assertThat(connections.get()).isEqualTo(crypto.active() ? 2 : 1);
    } finally {
      listener.close();
      server.join(5_000);
    }
  }
}
