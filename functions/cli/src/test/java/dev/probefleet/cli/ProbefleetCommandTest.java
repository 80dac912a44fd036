package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbefleetCommandTest {

  @Test
  void withoutASubcommandItPrintsItsUsageAndSucceeds() {
    CommandRun run = CommandRun.of();
    assertThat(run.status()).isZero();
    assertThat(run.out())
        .startsWith("Usage: probefleet")
        .contains("explain")
        .contains("Exit status: 0 healthy or warnings only");
  }

  @Test
  void anUnknownOptionIsAUsageErrorThatNamesIt() {
    CommandRun run = CommandRun.of("--frobnicate");
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'");
    assertThat(run.out()).isEmpty();
  }
}
