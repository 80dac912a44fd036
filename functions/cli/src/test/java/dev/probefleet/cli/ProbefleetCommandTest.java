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

  @Test
  void anUnknownCommandIsAUsageErrorThatNamesIt_EvenWithHelp() {
    for (String[] args :
        new String[][] {{"nosuch"}, {"nosuch", "--help"}, {"--help", "nosuch"}, {"nosuch", "-V"}}) {
      CommandRun run = CommandRun.of(args);
      assertThat(run.status()).as(String.join(" ", args)).isEqualTo(ExitStatus.USAGE);
      assertThat(run.err())
          .as(String.join(" ", args))
          .startsWith(
              "probefleet: unknown command 'nosuch' (commands: diagnose, explain, lab, run)")
          .contains("Usage: probefleet");
      assertThat(run.out()).as(String.join(" ", args)).isEmpty();
    }
  }

  @Test
  void aKnownCommandsHelpAndTheVersionStillSucceed() {
    CommandRun help = CommandRun.of("diagnose", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).startsWith("Usage: probefleet diagnose");
    CommandRun version = CommandRun.of("--version");
    assertThat(version.status()).isZero();
    assertThat(version.out()).startsWith("probefleet ").contains("Java ");
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorNotAnOutage() {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine commandLine = new picocli.CommandLine(new ProbefleetCommand());
    commandLine.setErr(new java.io.PrintWriter(err, true));
    int status = ProbefleetCommand.handle(new IllegalStateException("boom"), commandLine, null);
    assertThat(status).isEqualTo(ExitStatus.INTERNAL);
    assertThat(err.toString())
        .contains("probefleet: internal error: java.lang.IllegalStateException: boom")
        .contains("PROBEFLEET_LOG_LEVEL=DEBUG");
  }
}
