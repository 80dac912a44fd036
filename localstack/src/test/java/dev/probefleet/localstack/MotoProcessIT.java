package dev.probefleet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The moto process path, forced, so it is covered where Docker would otherwise win: the same
 * scenarios, and a stopped emulator really is gone.
 */
class MotoProcessIT {
  private static AwsEmulator moto;
  private static EmulatedAws aws;

  @BeforeAll
  static void start() {
    moto = AwsEmulators.startMoto();
    aws = EmulatedAws.provision(moto);
  }

  @AfterAll
  static void stop() {
    if (aws != null) {
      aws.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void servesTheScenarios() {
    assertThat(moto.kind()).isEqualTo(AwsEmulator.Kind.MOTO_PROCESS);
    assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
    EmulatorScenarios.tablesMatchTheirDefinitions(aws);
    EmulatorScenarios.putAndQuery(aws);
    EmulatorScenarios.snsFansOutToQueuesHonouringFilterPolicies(aws);
  }

  @Test
  void closingStopsTheProcessAndFreesThePort() throws InterruptedException {
    AwsEmulator second = AwsEmulators.startMoto();
    int port = second.endpoint().getPort();
    assertThat(listening(port)).isTrue();
    second.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (listening(port) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(listening(port)).as("port %d still listening after close", port).isFalse();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
