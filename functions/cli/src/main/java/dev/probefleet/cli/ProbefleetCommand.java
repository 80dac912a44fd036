package dev.probefleet.cli;

import dev.probefleet.config.ConfigException;
import dev.probefleet.fingerprint.InvalidResponseDocumentException;
import dev.probefleet.fingerprint.InvalidRulesException;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.runtime.FleetConfigurationException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code probefleet}: prints its usage when run without a subcommand. */
@Command(
    name = "probefleet",
    mixinStandardHelpOptions = true,
    versionProvider = ProbefleetCommand.Version.class,
    subcommands = {RunCommand.class, LabCommand.class, DiagnoseCommand.class, ExplainCommand.class},
    description = {
      "Synthetic probes through the CDN, at the load balancer and at the origin, to tell where a"
          + " 502 arises and why."
    },
    footer = {
      "",
      "Exit status: 0 healthy or warnings only, 1 an outage or an inconclusive verdict,",
      "2 bad usage or configuration, 3 an internal error."
    })
public final class ProbefleetCommand implements Runnable {

  /** Exit status for bad usage or configuration (DESIGN §3). */
  public static final int EXIT_USAGE = ExitStatus.USAGE;

  private static final Logger LOG = LoggerFactory.getLogger(ProbefleetCommand.class);

  /** Logs go to stderr at WARN unless {@code PROBEFLEET_LOG_LEVEL} says otherwise (logback.xml). */
  private static final String STACK_TRACE_HINT =
      "(the stack trace is logged with PROBEFLEET_LOG_LEVEL=DEBUG)";

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line and returns its exit status. Commands that host the fleet start its
   * composition root ({@link Fleet}) themselves, with their flags as properties; the others
   * (explain) start nothing.
   */
  public static int execute(String... args) {
    try {
      CommandLine commandLine = new CommandLine(ProbefleetCommand.class);
      commandLine.setOut(new PrintWriter(System.out, true));
      commandLine.setErr(new PrintWriter(System.err, true));
      commandLine.setExecutionExceptionHandler(ProbefleetCommand::handle);
      Optional<String> unknown = unknownCommand(commandLine, args);
      if (unknown.isPresent()) {
        // picocli lets a help option win over an unmatched word ("probefleet nosuch --help" would
        // print the main help and exit 0): a script must learn the command does not exist.
        commandLine.getErr().println(unknown.get());
        commandLine.usage(commandLine.getErr());
        return ExitStatus.USAGE;
      }
      return commandLine.execute(args);
    } catch (RuntimeException | Error e) {
      // What escapes picocli's handler (an Error such as a missing class, or a failure starting the
      // context) must not exit 1, which means "an outage" to whoever scripts this command.
      System.err.println("probefleet: internal error: " + e);
      LOG.debug("internal error", e);
      System.err.println(STACK_TRACE_HINT);
      return ExitStatus.INTERNAL;
    }
  }

  /**
   * Turns a command's exception into its exit status: bad input (a config file, a response
   * document, user rules) is a usage error naming what is wrong; anything else is internal.
   */
  static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof ConfigException config) {
      err.println(
          commandLine.getCommandName()
              + ": "
              + config.problems().size()
              + " problem(s) in the targets file:");
      config.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return ExitStatus.USAGE;
    }
    if (e instanceof InvalidResponseDocumentException
        || e instanceof InvalidRulesException
        || e instanceof UsageException
        || e instanceof FleetConfigurationException) {
      err.println(commandLine.getCommandName() + ": " + e.getMessage());
      err.flush();
      return ExitStatus.USAGE;
    }
    err.println(commandLine.getCommandName() + ": internal error: " + e);
    err.flush();
    LOG.debug("internal error in {}", commandLine.getCommandName(), e);
    err.println(STACK_TRACE_HINT);
    err.flush();
    return ExitStatus.INTERNAL;
  }

  /**
   * The message for a first word that is not a command, whatever other flags come with it; empty
   * when the command line names a command or none. The top-level options take no values, so the
   * first word not starting with {@code -} is the command.
   */
  static Optional<String> unknownCommand(CommandLine commandLine, String... args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return Optional.empty();
      }
      if (!arg.startsWith("-")) {
        Set<String> commands = commandLine.getSubcommands().keySet();
        return commands.contains(arg)
            ? Optional.empty()
            : Optional.of(
                "probefleet: unknown command '"
                    + arg
                    + "' (commands: "
                    + String.join(", ", new TreeSet<>(commands))
                    + ")");
      }
    }
    return Optional.empty();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar manifest (or "development" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ProbefleetCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "probefleet " + (version == null ? "development" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
