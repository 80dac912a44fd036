package dev.probefleet.captures.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.captures.CapturedPage.Header;
import dev.probefleet.captures.internal.MisbehavingUpstream.Behaviour;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The recorder's raw client against the misbehaving upstreams, one behaviour each. */
class RawExchangeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void healthyUpstreamAnswers200WithoutAServerHeader() throws IOException {
    try (MisbehavingUpstream up = MisbehavingUpstream.start(Behaviour.HEALTHY)) {
      RawExchange.Response r = RawExchange.get(up.port(), "shop.example.test", "/health", TIMEOUT);

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.reason()).isEqualTo("OK");
      assertThat(r.bodyText()).isEqualTo("ok\n");
      assertThat(r.headers()).extracting(Header::name).doesNotContain("Server");
    }
  }

  @Test
  void invalidHeaderUpstreamSendsALineWithoutAColon() throws IOException {
    try (MisbehavingUpstream up = MisbehavingUpstream.start(Behaviour.INVALID_HEADER);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), up.port())) {
      s.getOutputStream()
          .write(RawExchange.requestHead("x", "/").getBytes(StandardCharsets.ISO_8859_1));
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(raw).contains("\r\nthis header line has no colon\r\n");
    }
  }

  @Test
  void closingUpstreamSendsNothing() throws IOException {
    try (MisbehavingUpstream up = MisbehavingUpstream.start(Behaviour.CLOSE_BEFORE_HEADERS)) {
      assertThatThrownBy(() -> RawExchange.get(up.port(), "x", "/", TIMEOUT))
          .isInstanceOf(RawExchange.ExchangeFailedException.class)
          .hasMessageContaining("empty reply");
    }
  }

  @Test
  void slowUpstreamAnswersAfterTheProxiesHaveGivenUp() throws IOException {
    assertThat(MisbehavingUpstream.SLOW_DELAY)
        .isGreaterThan(ProxySetup.UPSTREAM_TIMEOUT.multipliedBy(2));
    try (MisbehavingUpstream up = MisbehavingUpstream.start(Behaviour.SLOW)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> RawExchange.get(up.port(), "x", "/", Duration.ofMillis(1500)))
          .isInstanceOf(RawExchange.ExchangeFailedException.class)
          .hasMessageContaining("time limit");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void oversizedUpstreamSendsAHeaderBeyondCommonLimits() throws IOException {
    try (MisbehavingUpstream up = MisbehavingUpstream.start(Behaviour.OVERSIZED_HEADER)) {
      RawExchange.Response r = RawExchange.get(up.port(), "x", "/", TIMEOUT);

      String cookie =
          r.headers().stream()
              .filter(h -> h.name().equals("Set-Cookie"))
              .findFirst()
              .orElseThrow()
              .value();
      assertThat(cookie.length()).isGreaterThan(MisbehavingUpstream.OVERSIZED_HEADER_BYTES);
      assertThat(r.bodyText()).isEqualTo("ok\n");
    }
  }

  @Test
  void chunkedBodiesAreDecodedAndRepeatedHeadersKept() throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket s = server.accept()) {
                  s.getInputStream().read(new byte[4096]);
                  s.getOutputStream()
                      .write(
                          ("HTTP/1.1 503 Service Unavailable\r\nSet-Cookie: a=1\r\nTransfer-Encoding: chunked\r\n"
                                  + "Set-Cookie: b=2\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
                  s.getInputStream().read();
                } catch (IOException e) {
                  // the client went away
                }
              });

      RawExchange.Response r = RawExchange.get(server.getLocalPort(), "x", "/", TIMEOUT);

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.bodyText()).isEqualTo("hello world");
      assertThat(r.headers())
          .containsExactly(
              new Header("Set-Cookie", "a=1"),
              new Header("Transfer-Encoding", "chunked"),
              new Header("Set-Cookie", "b=2"));
    }
  }
}
