package dev.probefleet.lab;

import static dev.probefleet.captures.Scenario.CLOSED_BEFORE_HEADERS;
import static dev.probefleet.captures.Scenario.INVALID_HEADER;
import static dev.probefleet.captures.Scenario.NO_HEALTHY_UPSTREAM;
import static dev.probefleet.captures.Scenario.REFUSED;
import static dev.probefleet.captures.Software.HAPROXY;
import static dev.probefleet.captures.Software.NGINX;
import static dev.probefleet.lab.Sees.ok;
import static dev.probefleet.lab.Sees.outcome;
import static dev.probefleet.lab.Sees.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.captures.CapturedPages;
import dev.probefleet.lab.RawHttpClient.Answer;
import dev.probefleet.lab.topology.HopLogLine;
import dev.probefleet.lab.topology.UpstreamFailure;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The lab as a whole: healthy runs with jitter, faults switching and healing at run time, one bad
 * instance among several, the keep-alive race, what the hops log, and a clean shutdown.
 */
class LabIT {
  private static final RawHttpClient CLIENT = RawHttpClient.withTimeout(Duration.ofSeconds(5));

  @Test
  void healthyWithJitterEveryPathAnswersOkAndNoHopLogsAFailure() throws Exception {
    try (Lab lab = Lab.builder().origins(3).jitter(Duration.ofMillis(30)).start();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        for (LabPath path : lab.paths()) {
          answers.add(clients.submit(() -> CLIENT.get(path)));
        }
      }
      for (Future<Answer> answer : answers) {
        ok().check().accept(answer.get());
      }
      assertThat(answers).hasSize(100);
      assertThat(lab.log()).isEmpty();
      assertThat(lab.faults()).isEmpty();
    }
  }

  @Test
  void faultsSwitchAtRunTimeAndClearHealsAtOnce() {
    try (Lab lab = Lab.start()) {
      ok().check().accept(CLIENT.get(lab.cdnPath()));

      lab.inject(LabFault.ORIGIN_INVALID_HEADER);
      page(HAPROXY, INVALID_HEADER).check().accept(CLIENT.get(lab.cdnPath()));

      lab.inject(LabFault.LB_NO_HEALTHY_UPSTREAM);
      page(HAPROXY, NO_HEALTHY_UPSTREAM).check().accept(CLIENT.get(lab.lbPath()));

      lab.inject(LabFault.CDN_UPSTREAM_PORT_WRONG);
      page(NGINX, REFUSED).check().accept(CLIENT.get(lab.cdnPath()));
      assertThat(lab.faults())
          .extracting(InjectedFault::at, InjectedFault::fault)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("origin[0]", LabFault.ORIGIN_INVALID_HEADER),
              org.assertj.core.groups.Tuple.tuple("lb", LabFault.LB_NO_HEALTHY_UPSTREAM),
              org.assertj.core.groups.Tuple.tuple("cdn", LabFault.CDN_UPSTREAM_PORT_WRONG));

      lab.inject(LabFault.ORIGIN_REFUSED);
      lab.clear();
      for (LabPath path : lab.paths()) {
        ok().check().accept(CLIENT.get(path));
      }
      assertThat(lab.faults()).isEmpty();
    }
  }

  @Test
  void aHopThatWasDownListensAgainOnTheSamePort() {
    try (Lab lab = Lab.start()) {
      int lbPort = lab.lbPath().connectTo().getPort();
      lab.inject(LabFault.LB_DOWN);
      outcome(RawHttpClient.Outcome.REFUSED).check().accept(CLIENT.get(lab.lbPath()));
      lab.clear();
      assertThat(lab.lbPath().connectTo().getPort()).isEqualTo(lbPort);
      ok().check().accept(CLIENT.get(lab.lbPath()));
    }
  }

  @Test
  void faultsSwitchSafelyWhileRequestsAreInFlight() throws Exception {
    try (Lab lab = Lab.builder().origins(2).start();
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      AtomicBoolean running = new AtomicBoolean(true);
      List<String> expectedBodies =
          List.of(
              "ok\n",
              CapturedPages.load(HAPROXY, INVALID_HEADER).body(),
              CapturedPages.load(HAPROXY, NO_HEALTHY_UPSTREAM).body(),
              CapturedPages.load(NGINX, REFUSED).body());
      List<Future<List<Answer>>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        workers.add(
            clients.submit(
                () -> {
                  List<Answer> seen = new ArrayList<>();
                  while (running.get() && seen.size() < 200) {
                    seen.add(CLIENT.get(lab.cdnPath()));
                  }
                  return seen;
                }));
      }
      LabFault[] cycle = {
        LabFault.ORIGIN_INVALID_HEADER,
        LabFault.LB_NO_HEALTHY_UPSTREAM,
        LabFault.CDN_UPSTREAM_PORT_WRONG
      };
      for (int i = 0; i < 30; i++) {
        lab.inject(cycle[i % cycle.length]);
        Thread.sleep(10);
        lab.clear();
      }
      running.set(false);
      int total = 0;
      for (Future<List<Answer>> worker : workers) {
        for (Answer answer : worker.get()) {
          total++;
          assertThat(answer.outcome()).as("%s", answer).isEqualTo(RawHttpClient.Outcome.RESPONSE);
          assertThat(answer.body()).isIn(expectedBodies);
        }
      }
      assertThat(total).isPositive();
      ok().check().accept(CLIENT.get(lab.cdnPath()));
    }
  }

  @Test
  void oneInstanceDownIsKeptOutByTheLoadBalancer() {
    try (Lab lab = Lab.builder().origins(3).start()) {
      lab.inject(LabFault.ORIGIN_REFUSED, 1);
      for (int i = 0; i < 9; i++) {
        ok().check().accept(CLIENT.get(lab.lbPath()));
        ok().check().accept(CLIENT.get(lab.cdnPath()));
      }
      ok().check().accept(CLIENT.get(lab.originPath(0)));
      outcome(RawHttpClient.Outcome.REFUSED).check().accept(CLIENT.get(lab.originPath(1)));
      ok().check().accept(CLIENT.get(lab.originPath(2)));
      assertThat(lab.faults())
          .containsExactly(new InjectedFault(LabFault.ORIGIN_REFUSED, "origin[1]"));
    }
  }

  @Test
  void oneInstanceAnsweringGarbageMakesTheLoadBalancerFailNowAndThen() {
    // TCP health checks only see that the port accepts, so the bad instance stays in rotation
    try (Lab lab = Lab.builder().origins(3).start()) {
      lab.inject(LabFault.ORIGIN_INVALID_HEADER, 2);
      int failed = 0;
      for (int i = 0; i < 12; i++) {
        Answer answer = CLIENT.get(lab.lbPath());
        if (answer.status() == 502) {
          page(HAPROXY, INVALID_HEADER).check().accept(answer);
          failed++;
        } else {
          ok().check().accept(answer);
        }
      }
      assertThat(failed).isEqualTo(4);
      assertThat(CLIENT.get(lab.originPath(2)).outcome()).isEqualTo(RawHttpClient.Outcome.INVALID);
    }
  }

  @Test
  void theKeepAliveRaceGivesIntermittent502sAtTheLoadBalancerWhileTheOriginAlwaysAnswers() {
    try (Lab lab = Lab.builder().intermittentEvery(3).start()) {
      lab.inject(LabFault.LB_INTERMITTENT_502);
      int failedAtLb = 0;
      for (int i = 0; i < 12; i++) {
        Answer answer = CLIENT.get(lab.lbPath());
        if (answer.status() == 502) {
          page(HAPROXY, CLOSED_BEFORE_HEADERS).check().accept(answer);
          failedAtLb++;
        } else {
          ok().check().accept(answer);
        }
      }
      // the balancer's first request opens a connection; every 3rd reuse of one then loses the race
      assertThat(failedAtLb).isEqualTo(3);
      int failedAtCdn = 0;
      for (int i = 0; i < 12; i++) {
        failedAtCdn += CLIENT.get(lab.cdnPath()).status() == 502 ? 1 : 0;
      }
      assertThat(failedAtCdn).isBetween(2, 4);
      for (int i = 0; i < 12; i++) {
        ok().check().accept(CLIENT.get(lab.originPath(0)));
      }
      lab.clear();
      for (int i = 0; i < 12; i++) {
        ok().check().accept(CLIENT.get(lab.lbPath()));
      }
    }
  }

  @Test
  void theHopsLogWhatTheRealSoftwareLoggedForTheSameFailure() {
    try (Lab lab = Lab.start()) {
      lab.inject(LabFault.CDN_UPSTREAM_PORT_WRONG);
      CLIENT.get(lab.cdnPath());
      List<HopLogLine> log = lab.log();
      assertThat(log).hasSize(1);
      HopLogLine line = log.get(0);
      assertThat(line.hop()).isEqualTo("cdn");
      assertThat(line.failure()).isEqualTo(UpstreamFailure.CONNECTION_REFUSED);
      assertThat(line.status()).contains(502);
      assertThat(line.recordedLine())
          .contains(CapturedPages.load(NGINX, REFUSED).meta().log().get(0))
          .hasValueSatisfying(
              l -> assertThat(l).contains("connect() failed (111: Connection refused)"));

      lab.inject(LabFault.ORIGIN_RESET);
      assertThat(lab.log()).as("a switch starts a fresh log").isEmpty();
      CLIENT.get(lab.lbPath());
      assertThat(lab.log())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.hop()).isEqualTo("lb");
                assertThat(l.failure()).isEqualTo(UpstreamFailure.RESET_BEFORE_HEADERS);
                assertThat(l.recordedLine()).as("no recording covers a reset").isEmpty();
              });
    }
  }

  @Test
  void theTargetNamesEveryPathWithItsHost() {
    try (Lab lab = Lab.builder().origins(2).targetName("web").domain("example.test").start()) {
      Target target = lab.target();
      assertThat(target.name()).isEqualTo("web");
      assertThat(target.paths()).allSatisfy(p -> assertThat(p.host()).contains("web.example.test"));
      PathSpec cdn = target.cdn().orElseThrow();
      assertThat(cdn.url().toString())
          .isEqualTo("http://web.example.test:" + lab.cdnPath().connectTo().getPort() + "/health");
      assertThat(cdn.expectAddresses()).hasSize(1);
      assertThat(target.lb().orElseThrow().url().getHost()).isEqualTo("lb.example.test");
      assertThat(target.origins())
          .extracting(PathSpec::kind, PathSpec::instance)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(PathKind.ORIGIN, 0),
              org.assertj.core.groups.Tuple.tuple(PathKind.ORIGIN, 1));
      assertThat(target.origins().get(1).url().getHost()).isEqualTo("127.0.0.1");
      assertThat(target.expect().accepts(200)).isTrue();
      assertThat(target.expect().bodyContains()).contains("ok");

      Target byAddress = lab.target(Lab.Addressing.LOOPBACK_ADDRESSES);
      assertThat(byAddress.paths())
          .allSatisfy(p -> assertThat(p.url().getHost()).isEqualTo("127.0.0.1"));
      assertThat(byAddress.cdn().orElseThrow().expectAddresses()).isEmpty();
    }
  }

  @Test
  void aFleetGivesEachTargetItsOwnPathsAllAnsweredThroughTheHops() {
    try (Lab lab = Lab.builder().origins(2).start()) {
      List<Target> fleet = lab.fleetTargets(5);

      assertThat(fleet)
          .extracting(Target::name)
          .containsExactly("shop-0001", "shop-0002", "shop-0003", "shop-0004", "shop-0005");
      List<String> urls =
          fleet.stream().flatMap(t -> t.paths().stream()).map(p -> p.url().toString()).toList();
      assertThat(urls).hasSize(15).doesNotHaveDuplicates();
      assertThat(fleet.get(2).cdn().orElseThrow().url().toString())
          .isEqualTo(
              "http://127.0.0.1:"
                  + lab.cdnPath().connectTo().getPort()
                  + "/health?target=shop-0003");
      // The origin instances in turn.
      assertThat(fleet)
          .extracting(t -> t.origins().get(0).url().getPort())
          .containsExactly(
              lab.originPath(0).connectTo().getPort(),
              lab.originPath(1).connectTo().getPort(),
              lab.originPath(0).connectTo().getPort(),
              lab.originPath(1).connectTo().getPort(),
              lab.originPath(0).connectTo().getPort());
      for (Target target : fleet) {
        for (PathSpec path : target.paths()) {
          Answer answer =
              CLIENT.get(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), path.url().getPort()),
                  path.host().orElseThrow(),
                  false,
                  path.url().getRawPath() + "?" + path.url().getRawQuery(),
                  "HTTP/1.1");
          assertThat(answer.status()).as(path.url().toString()).isEqualTo(200);
          assertThat(answer.body()).contains("ok");
        }
      }
      assertThat(lab.log()).isEmpty();
      assertThatThrownBy(() -> lab.fleetTargets(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 to 100000 targets, got 0");
    }
  }

  @Test
  void faultsNeedingWhatTheLabLacksAreRefused() {
    try (Lab lab = Lab.start()) {
      assertThatThrownBy(() -> lab.inject(LabFault.APP_DOWN))
          .isInstanceOf(UnableToInjectFaultException.class)
          .hasMessageContaining("originWebServer()");
      assertThatThrownBy(() -> lab.inject(LabFault.LB_CERTIFICATE_EXPIRED))
          .isInstanceOf(UnableToInjectFaultException.class)
          .hasMessageContaining("lbTls()");
      assertThatThrownBy(() -> lab.inject(LabFault.ORIGIN_REFUSED, 1))
          .isInstanceOf(UnableToInjectFaultException.class)
          .hasMessageContaining("no origin instance 1");
      assertThatThrownBy(() -> lab.inject(LabFault.LB_DOWN, 0))
          .isInstanceOf(UnableToInjectFaultException.class);
      assertThatThrownBy(() -> lab.inject(LabFault.DNS_NXDOMAIN, PathKind.ORIGIN))
          .isInstanceOf(UnableToInjectFaultException.class);
      assertThat(lab.faults()).isEmpty();
    }
  }

  @Test
  void closeReleasesEveryPortAndEndsEveryThreadEvenWithRequestsHanging() throws Exception {
    Lab lab = Lab.builder().origins(2).originWebServer().start();
    List<Integer> ports = lab.ports();
    lab.inject(LabFault.ORIGIN_HANG);
    List<Socket> hanging = new ArrayList<>();
    for (LabPath path : lab.paths()) {
      Socket socket = new Socket();
      socket.connect(path.connectTo(), 2000);
      socket
          .getOutputStream()
          .write(
              ("GET /health HTTP/1.1\r\nHost: " + path.host() + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      hanging.add(socket);
    }
    Thread.sleep(300);
    Instant start = Instant.now();
    lab.close();
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(lab.liveThreads()).isZero();
    for (Socket socket : hanging) {
      socket.setSoTimeout(3000);
      try (socket) {
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
      } catch (IOException e) {
        // a reset is as good as a close here
      }
    }
    for (int port : ports) {
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
    }
    assertThat(ports).doesNotHaveDuplicates().hasSize(4 + 3 * 2);
    lab.close();
  }
}
