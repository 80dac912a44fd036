package dev.probefleet.lab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.pki.CertificateAuthority;
import dev.probefleet.lab.pki.IssuedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The lab server seen from a raw socket: what it writes for each reply and fault. */
class FaultHttpServerIT {

  private static String get(Socket socket, String path, String connection) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: lab\r\nConnection: " + connection + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    return readResponse(socket.getInputStream());
  }

  /** One response with a Content-Length body, or everything up to EOF. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int length = -1;
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      String text = out.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0 && length < 0) {
        for (String line : text.substring(0, end).split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        if (length < 0) {
          length = Integer.MAX_VALUE;
        }
      }
      if (end >= 0 && out.size() - end - 4 >= length) {
        break;
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void servesKeepAliveAndRecordsEachRequestsConnection() throws IOException {
    try (FaultHttpServer server = FaultHttpServer.start();
        Socket socket = new Socket("127.0.0.1", server.port())) {
      assertThat(get(socket, "/one", "keep-alive"))
          .startsWith("HTTP/1.1 200 OK\r\n")
          .endsWith("\r\n\r\nok\n");
      assertThat(get(socket, "/two", "close")).contains("Connection: close");
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(server.requestCount()).isEqualTo(2);
      assertThat(server.connectionCount()).isEqualTo(1);
      assertThat(server.requests())
          .extracting(
              RecordedRequest::target, RecordedRequest::connection, RecordedRequest::sequence)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("/one", 1, 1),
              org.assertj.core.groups.Tuple.tuple("/two", 1, 2));
    }
  }

  @Test
  void repliesSwitchAtRunTime() throws IOException {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      server.enqueue(Reply.status(503));
      server.setReply(Reply.status(404));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        if (i == 2) {
          server.dispatch(request -> request.target().equals("/x") ? Reply.status(502) : null);
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          lines.add(get(socket, "/x", "close").lines().findFirst().orElseThrow());
        }
      }
      assertThat(lines)
          .containsExactly(
              "HTTP/1.1 503 Service Unavailable",
              "HTTP/1.1 404 Not Found",
              "HTTP/1.1 502 Bad Gateway");
    }
  }

  @Test
  void faultsAsARawClientSeesThem() throws IOException {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      server.setReply(Reply.fault(Fault.EMPTY_REPLY));
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        assertThat(get(socket, "/", "close")).isEmpty();
      }
      server.setReply(Reply.fault(Fault.INVALID_HEADER_LINE));
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        assertThat(get(socket, "/", "close")).contains("\r\ngarbage\r\n");
      }
      server.setReply(Reply.fault(Fault.RESET));
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(socket, "/", "close"))
            .isInstanceOf(SocketException.class)
            .hasMessageContaining("reset");
      }
      server.setReply(Reply.ok().withBody("0123456789").withFault(Fault.TRUNCATED_BODY));
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        assertThat(get(socket, "/", "close"))
            .contains("Content-Length: 10")
            .endsWith("\r\n\r\n01234");
      }
    }
  }

  @Test
  void aServerThatStoppedListeningComesBackOnTheSamePort() throws IOException {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      int port = server.port();
      server.refuseConnections();
      assertThat(server.listenerState()).isEqualTo(LoopbackListener.State.REFUSING);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new Socket("127.0.0.1", port).close())
          .isInstanceOf(java.net.ConnectException.class);
      server.listen();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        assertThat(get(socket, "/", "close")).startsWith("HTTP/1.1 200 OK");
      }
      assertThat(server.port()).isEqualTo(port);
    }
  }

  @Test
  void aNeverAnsweredRequestEndsWhenTheClientGivesUp() throws Exception {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.fault(Fault.NEVER_RESPOND))) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket
            .getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        while (server.requestCount() == 0) {
          Thread.sleep(10);
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (server.openConnections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.openConnections()).isZero();
    }
  }

  @Test
  void closingTheServerEndsAConnectionThatNeverGetsAnswered() throws Exception {
    FaultHttpServer server = FaultHttpServer.start(Reply.fault(Fault.NEVER_RESPOND));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      while (server.requestCount() == 0) {
        Thread.sleep(10);
      }
      Instant start = Instant.now();
      server.close();
      socket.setSoTimeout(5000);
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void servesHundredsOfSlowConnectionsAtOnce() throws Exception {
    try (FaultHttpServer server =
            FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofMillis(500)));
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> answers = new ArrayList<>();
      Instant start = Instant.now();
      for (int i = 0; i < 300; i++) {
        answers.add(
            clients.submit(
                () -> {
                  try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    return get(socket, "/", "close");
                  }
                }));
      }
      for (Future<String> answer : answers) {
        assertThat(answer.get()).startsWith("HTTP/1.1 200 OK");
      }
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
      assertThat(server.peakConcurrentRequests()).isGreaterThan(100);
    }
  }

  @Test
  void tlsRecordsTheServerNameAndCanRequireOne() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("lab test CA");
    IssuedCertificate certificate = ca.issue("shop.test");
    try (FaultHttpServer server =
        FaultHttpServer.builder()
            .tls(ServerTls.of(certificate.privateKey(), certificate.chain()).withRequiredSni())
            .start()) {
      assertThat(server.url("/").getScheme()).isEqualTo("https");
      try (SSLSocket socket = client(ca, server)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName("shop.test")));
        socket.setSSLParameters(parameters);
        assertThat(get(socket, "/", "close")).startsWith("HTTP/1.1 200 OK");
      }
      assertThat(server.requests().get(0).sni()).contains("shop.test");

      // A fresh client context: one that handshook before would resume its session, and a
      // resumed session needs no certificate, so the server's key manager would never be asked.
      try (SSLSocket socket = client(ca, server)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of());
        socket.setSSLParameters(parameters);
        org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake)
            .isInstanceOf(SSLHandshakeException.class);
      }
    }
  }

  private static SSLSocket client(CertificateAuthority ca, FaultHttpServer server)
      throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
  }
}
