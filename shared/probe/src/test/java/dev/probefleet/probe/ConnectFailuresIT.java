package dev.probefleet.probe;

import static dev.probefleet.probe.Tasks.inSeconds;
import static dev.probefleet.probe.Tasks.task;
import static dev.probefleet.probe.Tasks.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.lab.server.StalledListener;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The connect phase's three failures, told apart. */
class ConnectFailuresIT {
  private static final long MS = 1_000_000L;
  private final ProbeClient client = ProbeClient.builder().build();

  @Test
  void aClosedPortIsRefused() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ProbeResult result =
        client
            .probe(task(URI.create("http://127.0.0.1:" + port + "/")), inSeconds(30))
            .samples()
            .get(0);
    assertThat(result.failureClass()).isEqualTo(FailureClass.CONNECTION_REFUSED);
    assertThat(result.detail()).isEqualTo("connection refused by 127.0.0.1:" + port);
    assertThat(result.timings().connect()).isNotNull();
    assertThat(result.timings().requestWrite()).isNull();
    assertThat(result.remoteAddress()).isNull();
  }

  @Test
  void aConnectThatNeverCompletesTimesOut() {
    try (StalledListener listener = StalledListener.start()) {
      URI url = URI.create("http://127.0.0.1:" + listener.port() + "/");
      Instant start = Instant.now();
      ProbeResult result =
          client
              .probe(task(withTimeout(url, Duration.ofMillis(1200))), inSeconds(30))
              .samples()
              .get(0);
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2200));
      assertThat(result.failureClass()).isEqualTo(FailureClass.CONNECT_TIMEOUT);
      assertThat(result.detail())
          .isEqualTo("no connection to 127.0.0.1:" + listener.port() + " within 1200 ms");
      assertThat(result.timings().connect()).isBetween(1000 * MS, 2200 * MS);
    }
  }

  @Test
  void aMulticastAddressIsUnreachableAtOnce() {
    ProbeResult result =
        client.probe(task(URI.create("http://224.0.0.1/")), inSeconds(30)).samples().get(0);
    assertThat(result.failureClass()).isEqualTo(FailureClass.NETWORK_UNREACHABLE);
    assertThat(result.detail()).startsWith("network unreachable for 224.0.0.1:80");
    assertThat(result.timings().connect()).isLessThan(1000 * MS);
  }
}
