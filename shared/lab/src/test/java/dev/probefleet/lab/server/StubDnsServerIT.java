package dev.probefleet.lab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class StubDnsServerIT {
  private final StubDnsServer dns = StubDnsServer.start();

  @AfterEach
  void stop() {
    dns.close();
  }

  private Message ask(String name, int type, boolean tcp) throws Exception {
    SimpleResolver resolver = new SimpleResolver(dns.address());
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofMillis(800));
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    return resolver.sendAsync(query).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void answersAAndAaaaOverUdpAndTcp() throws Exception {
    dns.answer("shop.test", InetAddress.getByName("127.0.0.7"), InetAddress.getByName("::1"));
    for (boolean tcp : new boolean[] {false, true}) {
      Message a = ask("shop.test", Type.A, tcp);
      assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(a.getSection(Section.ANSWER))
          .singleElement()
          .isInstanceOfSatisfying(
              ARecord.class,
              r -> assertThat(r.getAddress().getHostAddress()).isEqualTo("127.0.0.7"));
      Message aaaa = ask("SHOP.test", Type.AAAA, tcp);
      assertThat(aaaa.getSection(Section.ANSWER)).singleElement().isInstanceOf(AAAARecord.class);
    }
    assertThat(dns.queryCount()).isEqualTo(4);
  }

  @Test
  void followsCnamesLikeARecursiveResolver() throws Exception {
    dns.cname("www.shop.test", "edge.test").answer("edge.test", InetAddress.getByName("127.0.0.8"));
    Message answer = ask("www.shop.test", Type.A, false);
    assertThat(answer.getSection(Section.ANSWER)).hasSize(2);
    assertThat(answer.getSection(Section.ANSWER).get(0)).isInstanceOf(CNAMERecord.class);
    assertThat(answer.getSection(Section.ANSWER).get(1)).isInstanceOf(ARecord.class);
  }

  @Test
  void failureCodes() throws Exception {
    dns.servfail("broken.test").refused("private.test");
    assertThat(ask("unknown.test", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("broken.test", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(ask("private.test", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void aDroppedNameIsNeverAnswered() {
    dns.drop("silent.test");
    assertThatThrownBy(() -> ask("silent.test", Type.A, false))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(dns.queries()).containsExactly("silent.test./A");
  }
}
