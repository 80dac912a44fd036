package dev.probefleet.lab;

import static dev.probefleet.captures.Scenario.INVALID_HEADER;
import static dev.probefleet.captures.Scenario.OVERSIZED_HEADER;
import static dev.probefleet.captures.Scenario.REFUSED;
import static dev.probefleet.captures.Software.HAPROXY;
import static dev.probefleet.captures.Software.NGINX;
import static dev.probefleet.lab.Sees.ok;
import static dev.probefleet.lab.Sees.outcome;
import static dev.probefleet.lab.Sees.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.captures.Scenario;
import dev.probefleet.lab.RawHttpClient.Answer;
import dev.probefleet.lab.topology.HopLogLine;
import dev.probefleet.lab.topology.UpstreamFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Origins behind an nginx origin web server: the application down behind a web server that answers,
 * and application faults as nginx in front of them turns them into its own pages.
 */
class LabOriginWebServerIT {
  private static final RawHttpClient CLIENT = RawHttpClient.withTimeout(Duration.ofSeconds(5));

  @Test
  void healthyOriginsAnswerThroughTheirWebServer() {
    try (Lab lab = Lab.builder().originWebServer().origins(2).start()) {
      for (LabPath path : lab.paths()) {
        ok().check().accept(CLIENT.get(path));
      }
      Answer atOrigin = CLIENT.get(lab.originPath(1));
      assertThat(atOrigin.header("Server")).contains("nginx/1.22.1");
      // HAProxy passes the web server's Server header on, lower-cased; the CDN writes its own
      assertThat(CLIENT.get(lab.lbPath()).header("server")).contains("nginx/1.22.1");
      assertThat(lab.originPath(1).connectTo())
          .isEqualTo(lab.originWebServer(1).orElseThrow().address());
    }
  }

  @Test
  void theAppDownBehindAnAnsweringWebServerGivesNginxsRefusedPageAllTheWayUp() {
    try (Lab lab = Lab.builder().originWebServer().start()) {
      lab.inject(LabFault.APP_DOWN);
      page(NGINX, REFUSED).check().accept(CLIENT.get(lab.originPath(0)));
      page(NGINX, REFUSED).check().accept(CLIENT.get(lab.lbPath()));
      page(NGINX, REFUSED).check().accept(CLIENT.get(lab.cdnPath()));
      assertThat(lab.log())
          .filteredOn(l -> l.hop().equals("origin-web-0"))
          .extracting(HopLogLine::failure)
          .containsOnly(UpstreamFailure.CONNECTION_REFUSED);
      assertThat(lab.log().get(0).recordedLine())
          .isEqualTo(CapturedPages.load(NGINX, Scenario.REFUSED).meta().log().stream().findFirst());
      lab.clear();
      ok().check().accept(CLIENT.get(lab.cdnPath()));
    }
  }

  @Test
  void theWebServerItselfDownIsRefusedAtTheOrigin() {
    try (Lab lab = Lab.builder().originWebServer().start()) {
      lab.inject(LabFault.ORIGIN_REFUSED);
      outcome(RawHttpClient.Outcome.REFUSED).check().accept(CLIENT.get(lab.originPath(0)));
      page(HAPROXY, REFUSED).check().accept(CLIENT.get(lab.lbPath()));
      ok().check().accept(CLIENT.get(lab.originApp(0).address(), lab.host()));
    }
  }

  @Test
  void applicationFaultsBecomeTheWebServersPages() {
    try (Lab lab = Lab.builder().originWebServer().start()) {
      lab.inject(LabFault.ORIGIN_INVALID_HEADER);
      page(NGINX, INVALID_HEADER).check().accept(CLIENT.get(lab.originPath(0)));
      page(NGINX, INVALID_HEADER).check().accept(CLIENT.get(lab.lbPath()));

      lab.inject(LabFault.ORIGIN_OVERSIZED_HEADERS);
      page(NGINX, OVERSIZED_HEADER).check().accept(CLIENT.get(lab.originPath(0)));

      lab.clear();
      lab.inject(LabFault.LB_HEADER_BUFFER_SMALL);
      ok().check().accept(CLIENT.get(lab.originPath(0)));
      page(HAPROXY, OVERSIZED_HEADER).check().accept(CLIENT.get(lab.lbPath()));
    }
  }

  @Test
  void theKeepAliveRaceHappensAtTheWebServer() {
    try (Lab lab = Lab.builder().originWebServer().intermittentEvery(2).start()) {
      lab.inject(LabFault.LB_INTERMITTENT_502);
      int failed = 0;
      for (int i = 0; i < 9; i++) {
        failed += CLIENT.get(lab.lbPath()).status() == 502 ? 1 : 0;
      }
      assertThat(failed).isBetween(2, 4);
      for (int i = 0; i < 6; i++) {
        ok().check().accept(CLIENT.get(lab.originPath(0)));
      }
    }
  }
}
