package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.inSeconds;
import static dev.probefleet.probe.Tasks.path;
import static dev.probefleet.probe.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.StubDnsServer;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.ProbeResult;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Name resolution against a stub DNS server on loopback, each answer a failure mode. */
class DnsIT {
  private static final long MS = 1_000_000L;
  private StubDnsServer dns;
  private FaultHttpServer server;
  private ProbeClient client;
  private String dnsAddress;

  @BeforeEach
  void start() {
    dns = StubDnsServer.start();
    server = FaultHttpServer.start();
    client =
        ProbeClient.builder()
            .resolver(HostResolver.dnsServer(dns.address()))
            .defaultTimeout(Duration.ofSeconds(3))
            .build();
    dnsAddress = "127.0.0.1:" + dns.port();
  }

  @AfterEach
  void stop() {
    server.close();
    dns.close();
  }

  private ProbeResult probe(String host) {
    return client.probe(task(url(host)), inSeconds(30)).samples().get(0);
  }

  private URI url(String host) {
    return URI.create("http://" + host + ":" + server.port() + "/health");
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void aNameThatResolvesIsProbedWithItsDnsTime() throws UnknownHostException {
    dns.answer("shop.test", ip("127.0.0.1"));
    ProbeResult result = probe("shop.test");
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.resolvedAddresses()).containsExactly("127.0.0.1");
    assertThat(result.remoteAddress()).isEqualTo("127.0.0.1:" + server.port());
    assertThat(result.timings().dns()).isNotNull().isPositive();
    assertThat(server.requests().get(0).header("Host")).contains("shop.test:" + server.port());
  }

  @Test
  void everyProbeAsksAgain() throws UnknownHostException {
    dns.answer("shop.test", ip("127.0.0.1"));
    probe("shop.test");
    probe("shop.test");
    assertThat(dns.queries()).containsExactly("shop.test./A", "shop.test./A");
  }

  @Test
  void aDnsDelayShowsInTheDnsPhase() throws UnknownHostException {
    dns.answer("shop.test", ip("127.0.0.1")).delay(Duration.ofMillis(400));
    ProbeResult result = probe("shop.test");
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.timings().dns()).isBetween(400 * MS, 1200 * MS);
    assertThat(result.timings().connect()).isLessThan(400 * MS);
  }

  @Test
  void nxdomain() {
    dns.nxdomain("nowhere.test");
    ProbeResult result = probe("nowhere.test");
    assertThat(result.failureClass()).isEqualTo(FailureClass.DNS_FAILURE);
    assertThat(result.detail()).isEqualTo("NXDOMAIN for nowhere.test from " + dnsAddress);
    assertThat(result.timings().connect()).isNull();
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void servfail() {
    dns.servfail("broken.test");
    ProbeResult result = probe("broken.test");
    assertThat(result.failureClass()).isEqualTo(FailureClass.DNS_FAILURE);
    assertThat(result.detail()).isEqualTo("SERVFAIL for broken.test from " + dnsAddress);
  }

  @Test
  void refused() {
    dns.refused("private.test");
    ProbeResult result = probe("private.test");
    assertThat(result.detail()).isEqualTo("REFUSED for private.test from " + dnsAddress);
  }

  @Test
  void noAnswerIsATimeout() {
    dns.drop("silent.test");
    ProbeTask task =
        task(path(url("silent.test"), null, false, null, Duration.ofMillis(1200), List.of()));
    ProbeResult result = client.probe(task, inSeconds(30)).samples().get(0);
    assertThat(result.failureClass()).isEqualTo(FailureClass.DNS_FAILURE);
    assertThat(result.detail())
        .matches("no answer for silent\\.test from " + dnsAddress + " within 1[12]\\d\\d ms");
    assertThat(result.timings().dns()).isBetween(1000 * MS, 2200 * MS);
  }

  @Test
  void aNameWithNoAddress() {
    dns.answer("empty.test");
    ProbeResult result = probe("empty.test");
    assertThat(result.failureClass()).isEqualTo(FailureClass.DNS_FAILURE);
    assertThat(result.detail()).isEqualTo("no A or AAAA record for empty.test from " + dnsAddress);
    assertThat(dns.queries()).containsExactly("empty.test./A", "empty.test./AAAA");
  }

  @Test
  void cnameChainsAreFollowed() throws UnknownHostException {
    dns.cname("www.shop.test", "edge.cdn.test").cname("edge.cdn.test", "pop.cdn.test");
    dns.answer("pop.cdn.test", ip("127.0.0.1"));
    ProbeResult result = probe("www.shop.test");
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.resolvedAddresses()).containsExactly("127.0.0.1");
  }

  @Test
  void aCnameToANameThatDoesNotExist() {
    dns.cname("www.shop.test", "gone.cdn.test").nxdomain("gone.cdn.test");
    ProbeResult result = probe("www.shop.test");
    assertThat(result.failureClass()).isEqualTo(FailureClass.DNS_FAILURE);
    assertThat(result.detail())
        .isEqualTo("NXDOMAIN for gone.cdn.test (via CNAME from www.shop.test) from " + dnsAddress);
  }

  @Test
  void anAddressOutsideExpectAddresses() throws UnknownHostException {
    dns.answer("shop.test", ip("127.0.0.1"), ip("10.9.9.9"));
    ProbeTask task = task(path(url("shop.test"), null, false, null, null, List.of("127.0.0.0/8")));
    ProbeResult result = client.probe(task, inSeconds(30)).samples().get(0);
    assertThat(result.failureClass()).isEqualTo(FailureClass.DNS_UNEXPECTED_ADDRESS);
    assertThat(result.detail())
        .isEqualTo(
            "shop.test resolved to 127.0.0.1, 10.9.9.9; 10.9.9.9 is outside expectAddresses [127.0.0.0/8]");
    assertThat(result.resolvedAddresses()).containsExactly("127.0.0.1", "10.9.9.9");
    assertThat(server.requestCount()).isZero();
  }

  @Test
  void addressesInsideExpectAddressesPass() throws UnknownHostException {
    dns.answer("shop.test", ip("127.0.0.1"));
    ProbeTask task =
        task(path(url("shop.test"), null, false, null, null, List.of("127.0.0.0/8", "10.0.0.0/8")));
    assertThat(client.probe(task, inSeconds(30)).samples().get(0).failureClass())
        .isEqualTo(FailureClass.OK);
  }

  @Test
  void resolveSkipsDns() throws UnknownHostException {
    ProbeTask task = task(Tasks.resolvingTo(url("shop.test"), ip("127.0.0.1")));
    ProbeResult result = client.probe(task, inSeconds(30)).samples().get(0);
    assertThat(result.failureClass()).isEqualTo(FailureClass.OK);
    assertThat(result.timings().dns()).isNull();
    assertThat(result.resolvedAddresses()).isEmpty();
    assertThat(dns.queryCount()).isZero();
    assertThat(server.requests().get(0).header("Host")).contains("shop.test:" + server.port());
  }

  @Test
  void theSystemResolverReadsTheHostsFileForLocalhost() {
    ProbeClient system = ProbeClient.builder().resolver(HostResolver.system()).build();
    ProbeResult result =
        system
            .probe(task(URI.create("http://localhost:" + server.port() + "/")), inSeconds(30))
            .samples()
            .get(0);
    assertThat(result.failureClass()).as(result.detail()).isEqualTo(FailureClass.OK);
    assertThat(result.resolvedAddresses()).contains("127.0.0.1");
  }

  @Test
  void aDnsServerThatIsNotListening() throws Exception {
    int port;
    try (java.net.DatagramSocket socket =
        new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ProbeClient nobody =
        ProbeClient.builder()
            .resolver(
                HostResolver.dnsServer(
                    new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
            .defaultTimeout(Duration.ofMillis(1500))
            .build();
    ProbeResult result = nobody.probe(task(url("shop.test")), inSeconds(30)).samples().get(0);
    assertThat(result.failureClass()).isEqualTo(FailureClass.DNS_FAILURE);
    assertThat(result.detail()).contains("shop.test").contains("127.0.0.1:" + port);
  }
}
