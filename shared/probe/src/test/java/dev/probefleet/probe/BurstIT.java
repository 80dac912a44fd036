package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.inSeconds;
import static dev.probefleet.probe.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bursts: half over one keep-alive connection, half on fresh ones, to measure a 5xx rate. */
class BurstIT {
  private final ProbeClient client = ProbeClient.builder().build();

  @Test
  void theFirstHalfReusesOneConnectionTheRestOpenFreshOnes() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      PathObservation observation =
          client.probe(task(server.url("/")).withBurst(new BurstSpec(5)), inSeconds(30));
      assertThat(observation.samples()).hasSize(5);
      assertThat(observation.samples()).allMatch(s -> s.failureClass() == FailureClass.OK);
      assertThat(observation.samples().stream().map(ProbeResult::connectionReused))
          .containsExactly(false, true, true, false, false);
      List<RecordedRequest> requests = server.requests();
      assertThat(requests.stream().map(RecordedRequest::connection).distinct()).hasSize(3);
      assertThat(requests.subList(0, 3).stream().map(RecordedRequest::connection).distinct())
          .hasSize(1);
      assertThat(requests.get(0).header("Connection")).contains("keep-alive");
      assertThat(requests.get(4).header("Connection")).contains("close");
      ProbeResult reused = observation.samples().get(1);
      assertThat(reused.timings().connect()).isNull();
      assertThat(reused.timings().ttfb()).isNotNull();
      assertThat(reused.remoteAddress()).isEqualTo(observation.samples().get(0).remoteAddress());
      assertThat(observation.samples().stream().map(ProbeResult::requestId).distinct()).hasSize(5);
    }
  }

  @Test
  void anIntermittent502ShowsAsARate() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      server.enqueue(Reply.ok(), Reply.status(502), Reply.ok(), Reply.ok());
      PathObservation observation =
          client.probe(task(server.url("/")).withBurst(new BurstSpec(4)), inSeconds(30));
      assertThat(observation.failureRate()).isEqualTo(0.25);
      assertThat(observation.intermittent()).isTrue();
      assertThat(observation.representative().status()).isEqualTo(502);
      assertThat(observation.samples().get(1).connectionReused()).isTrue();
    }
  }

  @Test
  void aServerThatClosesAKeptAliveConnectionSilentlyIsCaughtNotRetried() {
    try (FaultHttpServer server = FaultHttpServer.start()) {
      server.enqueue(Reply.ok().withSilentClose());
      PathObservation observation =
          client.probe(task(server.url("/")).withBurst(new BurstSpec(4)), inSeconds(30));
      ProbeResult raced = observation.samples().get(1);
      assertThat(raced.connectionReused()).isTrue();
      assertThat(raced.failureClass())
          .isIn(FailureClass.PREMATURE_CLOSE, FailureClass.CONNECTION_RESET);
      assertThat(raced.detail()).endsWith("on a reused keep-alive connection");
      assertThat(observation.samples().get(2).failureClass()).isEqualTo(FailureClass.OK);
      assertThat(observation.samples().get(2).connectionReused()).isFalse();
    }
  }

  @Test
  void aServerThatSaysCloseGetsAFreshConnection() {
    try (FaultHttpServer server = FaultHttpServer.start(Reply.ok().withCloseConnection())) {
      PathObservation observation =
          client.probe(task(server.url("/")).withBurst(new BurstSpec(3)), inSeconds(30));
      assertThat(observation.samples()).allMatch(s -> s.failureClass() == FailureClass.OK);
      assertThat(observation.samples()).noneMatch(ProbeResult::connectionReused);
      assertThat(server.connectionCount()).isEqualTo(3);
    }
  }
}
