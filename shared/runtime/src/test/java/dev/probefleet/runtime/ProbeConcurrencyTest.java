package dev.probefleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.probe.ProbeClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Probes in flight follow the CPU a Lambda function gets from its memory size. */
class ProbeConcurrencyTest {

  @Test
  void aLambdaFunctionsBoundFollowsItsShareOfACpu() {
    assertThat(bound("512")).isEqualTo(17);
    assertThat(bound("1024")).isEqualTo(35);
    assertThat(bound("1769")).isEqualTo(60);
    assertThat(bound("3008")).isEqualTo(102);
    assertThat(bound("10240")).isEqualTo(347);
    assertThat(bound("128")).as("never below 8").isEqualTo(8);
  }

  @Test
  void outsideLambdaItIsTheProbeClientsDefault() {
    assertThat(ProbeConcurrency.defaultBound(Map.of())).isEqualTo(512);
    assertThat(bound("")).isEqualTo(512);
    assertThat(bound("lots")).isEqualTo(512);
    assertThat(bound("-1")).isEqualTo(512);
  }

  @Test
  void theBoundForACpuShareIsCappedAndRejectsNonsense() {
    assertThat(ProbeClient.maxOpenConnectionsFor(100)).isEqualTo(512);
    assertThat(ProbeClient.maxOpenConnectionsFor(1)).isEqualTo(60);
    assertThatThrownBy(() -> ProbeClient.maxOpenConnectionsFor(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpus must be a positive number");
    assertThatThrownBy(() -> ProbeClient.maxOpenConnectionsFor(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int bound(String memory) {
    return ProbeConcurrency.defaultBound(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory));
  }
}
