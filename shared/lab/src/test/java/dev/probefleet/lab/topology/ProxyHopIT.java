package dev.probefleet.lab.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPage;
import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.captures.Software;
import dev.probefleet.lab.server.ClosedPort;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.lab.server.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One hop at a time, in front of a lab server, seen over a raw socket: that it forwards, relays and
 * fails the way the software it stands for does, compared with what was recorded from that software
 * where a recording exists.
 */
class ProxyHopIT {

  /** A response read off a socket: the raw text and its parts. */
  private record Response(String raw, String statusLine, List<String> names, String body) {
    Optional<String> header(String name) {
      for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return Optional.of(line.substring(colon + 1).strip());
        }
      }
      return Optional.empty();
    }
  }

  private static ProxyHop hop(ProxySoftware software, HopSettings settings) {
    return ProxyHop.builder(software.toString(), software).settings(settings).start();
  }

  private static HopSettings to(InetSocketAddress... upstreams) {
    return HopSettings.forwardingTo(List.of(upstreams));
  }

  /** Sends a GET and reads one response: by its length, else to the close. */
  private static Response get(Socket socket, String version, String connection) throws IOException {
    socket.setSoTimeout(5000);
    socket
        .getOutputStream()
        .write(
            ("GET /health "
                    + version
                    + "\r\nHost: shop.lab.test\r\nUser-Agent: lab-test\r\nConnection: "
                    + connection
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int length = -1;
    int headEnd = -1;
    int b;
    while ((b = in.read()) >= 0) {
      bytes.write(b);
      if (headEnd < 0) {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r\n\r\n")) {
          headEnd = text.length();
          for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          if (length == 0) {
            break;
          }
        }
      } else if (length >= 0 && bytes.size() - headEnd >= length) {
        break;
      }
    }
    String raw = bytes.toString(StandardCharsets.ISO_8859_1);
    String[] lines = raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n");
    List<String> names = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      names.add(lines[i].substring(0, lines[i].indexOf(':')));
    }
    return new Response(raw, lines[0], names, raw.substring(raw.indexOf("\r\n\r\n") + 4));
  }

  private static Response get(ProxyHop hop) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", hop.port())) {
      return get(socket, "HTTP/1.1", "close");
    }
  }

  private static List<String> recordedNames(Software software, Scenario scenario) {
    return CapturedPages.load(software, scenario).headers().stream()
        .map(CapturedPage.Header::name)
        .toList();
  }

  @Test
  void nginxRelaysAHealthyAnswerWithTheHeadersRealNginxWrote() throws IOException {
    try (FaultHttpServer app = FaultHttpServer.start();
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(app.address()))) {
      Response r = get(nginx);
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.names()).isEqualTo(recordedNames(Software.NGINX, Scenario.HEALTHY));
      assertThat(r.header("Server")).contains("nginx/1.22.1");
      assertThat(r.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void haproxyRelaysAHealthyAnswerLowerCasedAndAddsNothing() throws IOException {
    try (FaultHttpServer app = FaultHttpServer.start();
        ProxyHop haproxy = hop(ProxySoftware.HAPROXY, to(app.address()))) {
      Response r = get(haproxy);
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(r.names()).isEqualTo(recordedNames(Software.HAPROXY, Scenario.HEALTHY));
      assertThat(r.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void nginxReplacesTheUpstreamsServerAndDateAndKeepsTheRestInOrder() throws IOException {
    Reply reply =
        Reply.ok()
            .withHeader("Server", "gunicorn/21.2")
            .withHeader("Date", "Mon, 01 Jan 2024 00:00:00 GMT")
            .withHeader("x-request-id", "abc")
            .withHeader("Set-Cookie", "a=1");
    try (FaultHttpServer app = FaultHttpServer.start(reply);
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(app.address()));
        ProxyHop haproxy = hop(ProxySoftware.HAPROXY, to(app.address()))) {
      Response viaNginx = get(nginx);
      assertThat(viaNginx.names())
          .containsExactly(
              "Server",
              "Date",
              "Content-Type",
              "Content-Length",
              "Connection",
              "x-request-id",
              "Set-Cookie");
      assertThat(viaNginx.header("Server")).contains("nginx/1.22.1");
      assertThat(viaNginx.header("Date"))
          .isNotEqualTo(Optional.of("Mon, 01 Jan 2024 00:00:00 GMT"));
      Response viaHaproxy = get(haproxy);
      assertThat(viaHaproxy.names())
          .containsExactly(
              "content-type",
              "server",
              "date",
              "x-request-id",
              "set-cookie",
              "content-length",
              "connection");
      assertThat(viaHaproxy.header("server")).contains("gunicorn/21.2");
    }
  }

  @Test
  void errorPagesAreTheRecordedBytes() throws IOException {
    try (ClosedPort closed = ClosedPort.reserve();
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(closed.address()));
        ProxyHop haproxy =
            hop(
                ProxySoftware.HAPROXY,
                to(closed.address()).withConnectTimeout(Duration.ofMillis(100)))) {
      CapturedPage nginxPage = CapturedPages.load(Software.NGINX, Scenario.REFUSED);
      Response fromNginx = get(nginx);
      assertThat(fromNginx.raw())
          .isEqualTo(
              recorded(nginxPage)
                  .replace(
                      nginxPage.header("Date").orElseThrow(),
                      fromNginx.header("Date").orElseThrow()));
      assertThat(get(haproxy).raw())
          .isEqualTo(recorded(CapturedPages.load(Software.HAPROXY, Scenario.REFUSED)));
    }
  }

  @Test
  void nginxKeepsTheClientConnectionAfterItsErrorPageHaproxyClosesIt() throws IOException {
    try (ClosedPort closed = ClosedPort.reserve();
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(closed.address()));
        ProxyHop haproxy = hop(ProxySoftware.HAPROXY, to(closed.address()).withRetries(0))) {
      try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
        assertThat(get(socket, "HTTP/1.1", "keep-alive").header("Connection"))
            .contains("keep-alive");
        assertThat(get(socket, "HTTP/1.1", "close").statusLine())
            .isEqualTo("HTTP/1.1 502 Bad Gateway");
      }
      try (Socket socket = new Socket("127.0.0.1", haproxy.port())) {
        assertThat(get(socket, "HTTP/1.1", "keep-alive").header("connection")).contains("close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void eachSoftwareForwardsTheRequestItsOwnWay() throws IOException {
    try (FaultHttpServer app = FaultHttpServer.start();
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(app.address()));
        ProxyHop haproxy = hop(ProxySoftware.HAPROXY, to(app.address()))) {
      get(nginx);
      RecordedRequest fromNginx = app.requests().get(0);
      assertThat(fromNginx.version()).isEqualTo("HTTP/1.0");
      assertThat(fromNginx.headers())
          .extracting(Reply.Header::name)
          .containsExactly("Host", "X-Forwarded-For", "Connection", "User-Agent");
      assertThat(fromNginx.header("Host")).contains("shop.lab.test");
      assertThat(fromNginx.header("Connection")).contains("close");

      get(haproxy);
      RecordedRequest fromHaproxy = app.requests().get(1);
      assertThat(fromHaproxy.version()).isEqualTo("HTTP/1.1");
      assertThat(fromHaproxy.headers())
          .extracting(Reply.Header::name)
          .containsExactly("host", "user-agent", "x-forwarded-for");
      assertThat(fromHaproxy.header("x-forwarded-for")).contains("127.0.0.1");
    }
  }

  @Test
  void haproxyReusesItsServerConnectionsNginxOpensOnePerRequest() throws IOException {
    try (FaultHttpServer app = FaultHttpServer.start();
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(app.address()));
        ProxyHop haproxy = hop(ProxySoftware.HAPROXY, to(app.address()))) {
      for (int i = 0; i < 5; i++) {
        assertThat(get(haproxy).body()).isEqualTo("ok\n");
      }
      // HAProxy keeps idle server connections per thread: 5 requests usually take 1 connection,
      // more when a request lands on another thread (this failed now and then under load with
      // exactly 1), but never one each as nginx opens.
      int haproxyConnects = haproxy.upstreamConnectCount();
      assertThat(haproxyConnects).isBetween(1, 4);
      for (int i = 0; i < 5; i++) {
        assertThat(get(nginx).body()).isEqualTo("ok\n");
      }
      assertThat(nginx.upstreamConnectCount()).isEqualTo(5);
      assertThat(app.connectionCount()).isEqualTo(haproxyConnects + 5);
    }
  }

  @Test
  void aChunkedBodyReachesAnHttp11ClientChunkedAndAnHttp10ClientUntilTheClose() throws IOException {
    String body = "x".repeat(3000);
    try (FaultHttpServer app =
            FaultHttpServer.start(Reply.ok().withBody(body).withFraming(Reply.Framing.CHUNKED));
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(app.address()))) {
      try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
        Response r = get(socket, "HTTP/1.1", "close");
        assertThat(r.header("Transfer-Encoding")).contains("chunked");
        assertThat(r.body()).endsWith("\r\n0\r\n\r\n").contains("x".repeat(100));
      }
      try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
        Response r = get(socket, "HTTP/1.0", "close");
        assertThat(r.names()).doesNotContain("Transfer-Encoding", "Content-Length");
        assertThat(r.body()).isEqualTo(body);
      }
    }
  }

  @Test
  void haproxyRetriesARefusedServerAfterItsTurnaroundThenAnswers503() throws IOException {
    try (ClosedPort closed = ClosedPort.reserve();
        ProxyHop haproxy =
            hop(
                ProxySoftware.HAPROXY,
                to(closed.address()).withConnectTimeout(Duration.ofMillis(400)).withRetries(1))) {
      long start = System.nanoTime();
      Response r = get(haproxy);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
      assertThat(took).isBetween(Duration.ofMillis(380), Duration.ofMillis(2000));
      assertThat(haproxy.log())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.failure()).isEqualTo(UpstreamFailure.CONNECTION_REFUSED);
                assertThat(l.upstream()).contains(closed.address());
                assertThat(l.recordedLine())
                    .hasValueSatisfying(line -> assertThat(line).contains("SC--"));
              });
    }
  }

  @Test
  void haproxySendsTheLastRetryToAnotherServerAtOnce() throws IOException {
    try (ClosedPort closed = ClosedPort.reserve();
        FaultHttpServer app = FaultHttpServer.start();
        ProxyHop haproxy = hop(ProxySoftware.HAPROXY, to(closed.address(), app.address()))) {
      for (int i = 0; i < 6; i++) {
        long start = System.nanoTime();
        assertThat(get(haproxy).body()).isEqualTo("ok\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
      }
      assertThat(haproxy.errorPageCount()).isZero();
    }
  }

  @Test
  void healthChecksMarkARefusingServerDownAndUpAgain() throws Exception {
    HopSettings.HealthCheck checks = new HopSettings.HealthCheck(Duration.ofMillis(100), 2, 2);
    try (FaultHttpServer app = FaultHttpServer.start();
        ProxyHop haproxy =
            hop(ProxySoftware.HAPROXY, to(app.address()).withHealthCheck(Optional.of(checks)))) {
      app.refuseConnections();
      awaitUp(haproxy, app.address(), false);
      Response r = get(haproxy);
      assertThat(r.body())
          .isEqualTo(CapturedPages.load(Software.HAPROXY, Scenario.NO_HEALTHY_UPSTREAM).body());
      assertThat(haproxy.log())
          .last()
          .satisfies(l -> assertThat(l.failure()).isEqualTo(UpstreamFailure.NO_LIVE_UPSTREAM));
      app.listen();
      awaitUp(haproxy, app.address(), true);
      assertThat(get(haproxy).body()).isEqualTo("ok\n");
    }
  }

  @Test
  void theHeaderBufferTakesAHeadUpToItsSizeAndNoMore() throws IOException {
    try (FaultHttpServer app = FaultHttpServer.start();
        ProxyHop nginx = hop(ProxySoftware.NGINX, to(app.address()).withHeaderBufferBytes(2048))) {
      app.setReply(Reply.ok().withHeader("Set-Cookie", "a".repeat(1800)));
      assertThat(get(nginx).statusLine()).isEqualTo("HTTP/1.1 200 OK");
      app.setReply(Reply.ok().withHeader("Set-Cookie", "a".repeat(2100)));
      Response tooBig = get(nginx);
      assertThat(tooBig.body())
          .isEqualTo(CapturedPages.load(Software.NGINX, Scenario.OVERSIZED_HEADER).body());
      assertThat(nginx.log())
          .last()
          .satisfies(
              l ->
                  assertThat(l.recordedLine())
                      .hasValueSatisfying(
                          line -> assertThat(line).contains("upstream sent too big header")));
    }
  }

  @Test
  void settingsSwitchAtOnceAndCloseEndsEveryThread() throws IOException {
    FaultHttpServer app = FaultHttpServer.start();
    ProxyHop nginx = hop(ProxySoftware.NGINX, to(app.address()));
    try (ClosedPort closed = ClosedPort.reserve()) {
      assertThat(get(nginx).body()).isEqualTo("ok\n");
      nginx.update(s -> s.withUpstreams(List.of(closed.address())));
      assertThat(get(nginx).statusLine()).isEqualTo("HTTP/1.1 502 Bad Gateway");
      nginx.update(s -> s.withUpstreams(List.of(app.address())));
      assertThat(get(nginx).body()).isEqualTo("ok\n");
    } finally {
      nginx.close();
      app.close();
    }
    assertThat(nginx.liveThreads()).isZero();
    assertThat(app.liveThreads()).isZero();
  }

  private static void awaitUp(ProxyHop hop, InetSocketAddress server, boolean up)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (hop.considersUp(server) != up) {
      assertThat(System.nanoTime())
          .as("waiting for the server to be %s", up ? "up" : "down")
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String recorded(CapturedPage page) {
    StringBuilder text = new StringBuilder(page.statusLine()).append("\r\n");
    for (CapturedPage.Header h : page.headers()) {
      text.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    return text.append("\r\n").append(page.body()).toString();
  }
}
