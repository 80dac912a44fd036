package dev.probefleet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.PathKind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The lab's names and their DNS faults, asked of its DNS server the way a prober's resolver asks.
 */
class LabDnsIT {

  /** The rcode and the A records for a name, or null when the server stays silent. */
  private record Answer(int rcode, List<String> addresses) {}

  private static Answer ask(Lab lab, String name) throws IOException {
    SimpleResolver resolver = new SimpleResolver(lab.dnsServer());
    resolver.setTimeout(Duration.ofMillis(700));
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
    try {
      Message response = resolver.send(query);
      List<String> addresses =
          response.getSection(Section.ANSWER).stream()
              .filter(r -> r instanceof ARecord)
              .map(r -> ((ARecord) r).getAddress().getHostAddress())
              .toList();
      return new Answer(response.getRcode(), addresses);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("Timed out")) {
        return null;
      }
      throw e;
    }
  }

  @Test
  void theLabsNamesResolveToLoopback() throws IOException {
    try (Lab lab = Lab.start()) {
      assertThat(ask(lab, lab.host())).isEqualTo(new Answer(Rcode.NOERROR, List.of("127.0.0.1")));
      assertThat(ask(lab, lab.lbName())).isEqualTo(new Answer(Rcode.NOERROR, List.of("127.0.0.1")));
      assertThat(lab.cdnPath().url().getHost()).isEqualTo(lab.host());
      assertThat(lab.lbPath().url().getHost()).isEqualTo(lab.lbName());
    }
  }

  @Test
  void eachDnsFaultHitsTheCdnsNameAndClearHealsIt() throws IOException {
    try (Lab lab = Lab.start()) {
      lab.inject(LabFault.DNS_NXDOMAIN);
      assertThat(ask(lab, lab.host()).rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(ask(lab, lab.lbName()).addresses()).containsExactly("127.0.0.1");

      lab.inject(LabFault.DNS_SERVFAIL);
      assertThat(ask(lab, lab.host()).rcode()).isEqualTo(Rcode.SERVFAIL);

      lab.inject(LabFault.DNS_TIMEOUT);
      assertThat(ask(lab, lab.host())).isNull();

      lab.inject(LabFault.DNS_UNEXPECTED_ADDRESS);
      assertThat(ask(lab, lab.host()).addresses()).containsExactly("127.0.0.2");
      assertThat(lab.target().cdn().orElseThrow().expectAddresses())
          .singleElement()
          .satisfies(range -> assertThat(range.toString()).contains("127.0.0.1"));

      lab.clear();
      assertThat(ask(lab, lab.host()).addresses()).containsExactly("127.0.0.1");
    }
  }

  @Test
  void aDnsFaultCanHitTheLoadBalancersName() throws IOException {
    try (Lab lab = Lab.start()) {
      lab.inject(LabFault.DNS_NXDOMAIN, PathKind.LB);
      assertThat(ask(lab, lab.lbName()).rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(ask(lab, lab.host()).addresses()).containsExactly("127.0.0.1");
      assertThat(lab.faults()).containsExactly(new InjectedFault(LabFault.DNS_NXDOMAIN, "dns:lb"));
    }
  }
}
