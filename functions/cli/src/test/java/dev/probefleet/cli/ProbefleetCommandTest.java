package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
              "probefleet: unknown command 'nosuch' (commands: diagnose, explain, incident,"
                  + " incidents, lab, run, targets)")
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

  /** The version is the pom's, written into the build, never a string in the code. */
  @Test
  void theVersionIsTheProjectsFromTheBuild() throws Exception {
    String version = ProbefleetCommand.Version.projectVersion();
    assertThat(version).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(CommandRun.of("--version").out()).startsWith("probefleet " + version + "\n");
    assertThat(CommandRun.of("incidents", "--version").out()).startsWith("probefleet " + version);
  }

  /** Every command's help has examples: the quickest way to learn a command at 3 a.m. */
  @Test
  void everyCommandsHelpHasExamples() {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(ProbefleetCommand.class), new ArrayList<>(), commands);
    assertThat(commands)
        .extracting(c -> String.join(" ", c))
        .contains(
            "",
            "run",
            "diagnose",
            "explain",
            "incidents",
            "incident",
            "targets",
            "targets validate",
            "targets apply");
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      CommandRun help = CommandRun.of(args.toArray(String[]::new));
      assertThat(help.status()).as(args.toString()).isZero();
      assertThat(help.out())
          .as(args.toString())
          .startsWith(("Usage: probefleet " + String.join(" ", command)).trim())
          .contains("\nExamples:\n  probefleet ");
      // Each example fits the 80-column help: none wraps into a line of its own.
      List<String> lines = help.out().lines().toList();
      int line = lines.indexOf("Examples:") + 1;
      while (lines.get(line).startsWith("  probefleet ")) {
        line++;
      }
      assertThat(lines.get(line)).as(args + ": after the examples").matches("(\\s.*)?");
    }
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
    out.add(path);
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> subPath = new ArrayList<>(path);
              subPath.add(name);
              collect(sub, subPath, out);
            });
  }

  @Test
  void anUnknownSubcommandIsAUsageErrorNamingItEvenWithHelp() {
    CommandRun run = CommandRun.of("targets", "nosuch", "--help");
    assertThat(run.status()).isEqualTo(ExitStatus.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("probefleet targets: unknown command 'nosuch' (commands: apply, validate)")
        .contains("Usage: probefleet targets");
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
