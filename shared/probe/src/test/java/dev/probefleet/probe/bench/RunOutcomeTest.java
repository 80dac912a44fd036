package dev.probefleet.probe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunOutcomeTest {
  private static String round(int n, String layer, long cpuMs, int overloaded) {
    return """
        {"schemaVersion":1,"round":%d,"paths":3,"failing":0,"unprobed":0,"complete":true,\
        "prober":{"cpu_ms":%d,"overloaded":%d},\
        "targets":[{"name":"t0","verdict":{"layer":"%s"}}]}
        """
        .formatted(n, cpuMs, overloaded, layer);
  }

  @Test
  void countsVerdictsOtherThanNoneAndTheProbersCpuAfterTheFirstRound() {
    RunOutcome outcome =
        RunOutcome.parse(
            round(1, "NONE", 90, 0) + round(2, "ORIGIN", 6, 1) + round(3, "NONE", 3, 0));

    assertThat(outcome.rounds()).hasSize(3);
    assertThat(outcome.notNone()).isEqualTo(1);
    assertThat(outcome.overloaded()).isEqualTo(1);
    assertThat(outcome.laterProberMsPerProbe()).isEqualTo(1.5);
  }

  @Test
  void aFailedRoundOrAnythingElseIsNamed() {
    assertThatThrownBy(() -> RunOutcome.parse("{\"round\":1,\"failed\":\"boom\"}\n"))
        .hasMessage("round 1 failed: boom");
    assertThatThrownBy(() -> RunOutcome.parse("run: 1 target(s)\n"))
        .hasMessageStartingWith("not a JSON line: run: 1 target(s)");
    assertThatThrownBy(() -> RunOutcome.parse("{\"round\":1}\n"))
        .hasMessageStartingWith("a round line without prober or targets");
    assertThatThrownBy(() -> RunOutcome.parse("")).hasMessage("no round line");
  }
}
