package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.task;
import static dev.probefleet.probe.Tasks.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rounds: many tasks at once, under the connection bound and the round deadline. */
class RoundIT {

  @Test
  void aThousandTargetsTimesThreePathsFitComfortablyInOneRound() {
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofMillis(20)))) {
      List<ProbeTask> tasks = new ArrayList<>();
      for (int target = 0; target < 1000; target++) {
        for (PathKind kind : PathKind.values()) {
          URI url = server.url("/" + kind.key() + "/" + target);
          tasks.add(ProbeTask.of("target-" + target, PathSpec.of(kind, 0, url)));
        }
      }
      ProbeClient client = ProbeClient.builder().maxOpenConnections(512).build();
      Instant start = Instant.now();
      RoundOutcome outcome = client.round(tasks, start.plusSeconds(60));
      Duration took = Duration.between(start, Instant.now());
      System.out.printf(
          "round of %d tasks: %d ms, peak %d concurrent requests%n",
          tasks.size(), took.toMillis(), server.peakConcurrentRequests());

      assertThat(outcome.complete()).isTrue();
      assertThat(outcome.entries()).hasSize(3000);
      for (int i = 0; i < tasks.size(); i++) {
        assertThat(outcome.entries().get(i).task()).isSameAs(tasks.get(i));
      }
      assertThat(outcome.observations())
          .allMatch(o -> o.samples().get(0).failureClass() == FailureClass.OK);
      assertThat(server.requestCount()).isEqualTo(3000);
      assertThat(server.peakConcurrentRequests()).isLessThanOrEqualTo(512).isGreaterThan(1);
      assertThat(took).isLessThan(Duration.ofSeconds(30));
    }
  }

  @Test
  void theBoundOnOpenConnectionsHolds() {
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofMillis(200)))) {
      List<ProbeTask> tasks = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        tasks.add(task(server.url("/" + i)));
      }
      ProbeClient client = ProbeClient.builder().maxOpenConnections(8).build();
      RoundOutcome outcome = client.round(tasks, Instant.now().plusSeconds(30));
      assertThat(outcome.complete()).isTrue();
      assertThat(server.peakConcurrentRequests()).isEqualTo(8);
    }
  }

  @Test
  void waitingForAConnectionSlotDoesNotCountAgainstAPathsTimeout() {
    // 2 slots, 8 paths of 300 ms each with a 500 ms timeout: the last ones wait 900 ms for a slot,
    // longer than their timeout. That wait is the prober's queue, not the target's time: every
    // path is probed and succeeds, each in its own 500 ms.
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofMillis(300)))) {
      List<ProbeTask> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(task(withTimeout(server.url("/" + i), Duration.ofMillis(500))));
      }
      ProbeClient client = ProbeClient.builder().maxOpenConnections(2).build();
      Instant start = Instant.now();
      RoundOutcome outcome = client.round(tasks, start.plusSeconds(20));

      assertThat(outcome.notStarted()).isEmpty();
      assertThat(outcome.observations())
          .hasSize(8)
          .allSatisfy(
              o ->
                  assertThat(o.samples())
                      .singleElement()
                      .satisfies(r -> assertThat(r.failureClass()).isEqualTo(FailureClass.OK)));
      assertThat(server.peakConcurrentRequests()).isEqualTo(2);
      assertThat(Duration.between(start, Instant.now())).isGreaterThan(Duration.ofMillis(1100));
    }
  }

  @Test
  void aSpreadRoundStartsEachPathAtTheSameOffsetEveryRound() {
    // 30 plain paths whose CPU, at a hundredth of a CPU, needs more than the 1.5 s cap: the starts
    // are spread over the whole 1.5 s, each path at its own stable place in it.
    try (FaultHttpServer server = FaultHttpServer.start(Reply.ok())) {
      List<ProbeTask> tasks = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        tasks.add(ProbeTask.of("target-" + i, PathSpec.of(PathKind.CDN, 0, server.url("/" + i))));
      }
      ProbeClient client = ProbeClient.builder().cpus(0.01).build();
      Duration cap = Duration.ofMillis(1500);
      List<List<Long>> offsets = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        Instant start = Instant.now();
        RoundOutcome outcome = client.round(tasks, start.plusSeconds(20), cap);
        assertThat(outcome.spread()).isEqualTo(cap);
        assertThat(outcome.complete()).isTrue();
        List<Long> these = new ArrayList<>();
        for (var o : outcome.observations()) {
          these.add(Duration.between(start, o.samples().get(0).probedAt()).toMillis());
        }
        offsets.add(these);
        long first = these.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = these.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(last - first).as("starts spread over the window").isGreaterThan(900);
        assertThat(last).isLessThan(1500 + 400);
        assertThat(server.peakConcurrentRequests()).isLessThan(10);
      }
      for (int i = 0; i < tasks.size(); i++) {
        long expected = Math.round(ProbeClient.spreadFraction(tasks.get(i)) * cap.toMillis());
        assertThat(offsets.get(0).get(i)).isBetween(expected - 5, expected + 150);
        assertThat(offsets.get(1).get(i)).isBetween(expected - 5, expected + 150);
      }
    }
  }

  @Test
  void tasksThatCannotGetASlotBeforeTheDeadlineAreReportedNotStarted() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.fault(Fault.NEVER_RESPOND))) {
      List<ProbeTask> tasks =
          List.of(task(server.url("/a")), task(server.url("/b")), task(server.url("/c")));
      ProbeClient client = ProbeClient.builder().maxOpenConnections(1).build();
      Instant start = Instant.now();
      RoundOutcome outcome = client.round(tasks, start.plusMillis(1500));
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(3000));

      assertThat(outcome.entries())
          .extracting(RoundOutcome.Entry::task)
          .containsExactlyElementsOf(tasks);
      // The task that got the slot waited on a server that never answers until the round's
      // deadline: the prober's time ran out, not the path's timeout, so it is not a timeout.
      assertThat(outcome.observations()).isEmpty();
      assertThat(outcome.notStarted()).hasSize(3);
      assertThat(outcome.notStarted().get(0).reason()).contains("cut short by the round deadline");
      assertThat(outcome.notStarted().subList(1, 3))
          .allSatisfy(
              n ->
                  assertThat(n.reason())
                      .contains("not probed: no connection slot came free while")
                      .contains("(1 connections open)"));
      assertThat(server.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void aRoundWhoseDeadlineHasPassedStartsNothing() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      RoundOutcome outcome =
          ProbeClient.builder()
              .build()
              .round(List.of(task(server.url("/"))), Instant.now().minusSeconds(1));
      assertThat(outcome.notStarted()).hasSize(1);
      assertThat(outcome.notStarted().get(0).reason())
          .endsWith("the round deadline passed before it could start");
      assertThat(server.connectionCount()).isZero();
    }
  }

  @Test
  void aBurstCutShortByTheRoundDeadlineSaysHowManySamplesDidNotRun() {
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofSeconds(1)))) {
      ProbeClient client = ProbeClient.builder().minimumProbeBudget(Duration.ofMillis(700)).build();
      ProbeTask burst = task(server.url("/")).withBurst(new BurstSpec(3));
      RoundOutcome outcome = client.round(List.of(burst), Instant.now().plusMillis(1600));
      RoundOutcome.Observed observed = (RoundOutcome.Observed) outcome.entries().get(0);
      assertThat(observed.observation().samples()).hasSize(1);
      assertThat(observed.observation().samples().get(0).failureClass()).isEqualTo(FailureClass.OK);
      assertThat(observed.samplesNotRun()).isEqualTo(2);
      assertThat(outcome.complete()).isFalse();
    }
  }

  @Test
  void aBugInOneTaskDoesNotStopTheRound() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    HostResolver buggy =
        (host, timeout) -> {
          if (host.equals("bug.test")) {
            throw new IllegalStateException("resolver bug");
          }
          return new HostResolver.Resolved(List.of(loopback), "test");
        };
    try (FaultHttpServer server = FaultHttpServer.start()) {
      List<ProbeTask> tasks =
          List.of(
              task(server.url("/first")),
              task(URI.create("http://bug.test:" + server.port() + "/")),
              task(URI.create("http://fine.test:" + server.port() + "/")),
              task(
                  Tasks.path(
                      URI.create("https://127.0.0.1:" + server.port() + "/"),
                      null,
                      false,
                      new CaBundle("bad.pem", "not a certificate"),
                      null,
                      List.of())));
      // One slot: a task that failed must still give its slot back.
      ProbeClient client = ProbeClient.builder().resolver(buggy).maxOpenConnections(1).build();
      RoundOutcome outcome = client.round(tasks, Instant.now().plusSeconds(30));

      assertThat(outcome.entries().get(0)).isInstanceOf(RoundOutcome.Observed.class);
      assertThat(outcome.entries().get(1))
          .isInstanceOfSatisfying(
              RoundOutcome.InternalFailure.class,
              f -> assertThat(f.error()).isEqualTo("IllegalStateException: resolver bug"));
      assertThat(outcome.entries().get(2)).isInstanceOf(RoundOutcome.Observed.class);
      assertThat(outcome.entries().get(3))
          .isInstanceOfSatisfying(
              RoundOutcome.InternalFailure.class,
              f -> assertThat(f.error()).startsWith("InvalidCaBundleException: caFile bad.pem: "));
      assertThat(outcome.observations())
          .allMatch(o -> o.samples().get(0).failureClass() == FailureClass.OK);
      assertThat(outcome.failures()).hasSize(2);
      assertThat(outcome.observations().get(1).samples().get(0).resolvedAddresses())
          .containsExactly("127.0.0.1");
    }
  }

  @Test
  void probeRefusesToStartAfterItsDeadline() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      ProbeClient client = ProbeClient.builder().build();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> client.probe(task(server.url("/")), Instant.now().minusMillis(1)))
          .isInstanceOf(ProbeNotStartedException.class)
          .hasMessage("shop origin[0] not probed: the round deadline passed before it could start");
      assertThat(Optional.of(server.connectionCount())).contains(0);
    }
  }
}
