package dev.probefleet.cli;

import dev.probefleet.config.ConfigException;
import dev.probefleet.fingerprint.InvalidResponseDocumentException;
import dev.probefleet.fingerprint.InvalidRulesException;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.runtime.FleetConfigurationException;
import dev.probefleet.store.TargetTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
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
    subcommands = {
      RunCommand.class,
      LabCommand.class,
      DiagnoseCommand.class,
      ExplainCommand.class,
      IncidentsCommand.class,
      IncidentCommand.class,
      TargetsCommand.class
    },
    description = {
      "Synthetic probes through the CDN, at the load balancer and at the origin, to tell where a"
          + " 502 arises and why.",
      "",
      "Examples:",
      "  probefleet diagnose --config targets.yaml   # which layer fails, and why",
      "  probefleet run --config targets.yaml        # the fleet on this machine",
      "  probefleet incidents --state open           # what is open now",
      "  probefleet incident ID                      # its timeline and runbook",
      "  probefleet targets validate targets.yaml",
      "  probefleet explain --response saved-502.json",
      "  probefleet COMMAND --help                   # its flags and examples"
    },
    footer = {
      "",
      "Exit status: 0 healthy or warnings only, 1 an outage or an inconclusive verdict",
      "(incident: no such incident), 2 bad usage or configuration, 3 an internal error."
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
      everyCommand(commandLine, c -> c.getCommandSpec().versionProvider(new Version()));
      Optional<UnknownCommand> unknown = unknownCommand(commandLine, args);
      if (unknown.isPresent()) {
        // picocli lets a help option win over an unmatched word ("probefleet nosuch --help" would
        // print the main help and exit 0): a script must learn the command does not exist.
        commandLine.getErr().println(unknown.get().message());
        unknown.get().command().usage(commandLine.getErr());
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
    String command = name(commandLine);
    if (e instanceof ConfigException config) {
      err.println(command + ": " + config.problems().size() + " problem(s) in the targets file:");
      config.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return ExitStatus.USAGE;
    }
    if (e instanceof InvalidResponseDocumentException
        || e instanceof InvalidRulesException
        || e instanceof TargetTooLargeException
        || e instanceof UsageException
        || e instanceof FleetConfigurationException) {
      err.println(command + ": " + e.getMessage());
      err.flush();
      return ExitStatus.USAGE;
    }
    err.println(command + ": internal error: " + e);
    err.flush();
    LOG.debug("internal error in {}", command, e);
    err.println(STACK_TRACE_HINT);
    err.flush();
    return ExitStatus.INTERNAL;
  }

  /** Applies {@code action} to a command and each of its subcommands, at every depth. */
  static void everyCommand(CommandLine command, Consumer<CommandLine> action) {
    action.accept(command);
    command.getSubcommands().values().forEach(sub -> everyCommand(sub, action));
  }

  /** A command as its messages name it: {@code run}, {@code targets apply}. */
  static String name(CommandLine commandLine) {
    String qualified = commandLine.getCommandSpec().qualifiedName(" ");
    return qualified.startsWith("probefleet ")
        ? qualified.substring("probefleet ".length())
        : qualified;
  }

  /**
   * The message for a word that is not a command where a command is expected, whatever other flags
   * come with it; empty when the command line names known commands or none. A command's subcommand
   * is looked up while the command has subcommands ({@code targets validate}); the commands that
   * have subcommands take no option values, so the first word not starting with {@code -} is the
   * subcommand. Below a command without subcommands, words are its arguments.
   */
  static Optional<UnknownCommand> unknownCommand(CommandLine commandLine, String... args) {
    CommandLine current = commandLine;
    String path = "probefleet";
    for (String arg : args) {
      if (arg.equals("--") || current.getSubcommands().isEmpty()) {
        return Optional.empty();
      }
      if (!arg.startsWith("-")) {
        Set<String> commands = current.getSubcommands().keySet();
        if (!commands.contains(arg)) {
          return Optional.of(
              new UnknownCommand(
                  path
                      + ": unknown command '"
                      + arg
                      + "' (commands: "
                      + String.join(", ", new TreeSet<>(commands))
                      + ")",
                  current));
        }
        current = current.getSubcommands().get(arg);
        path = path + " " + arg;
      }
    }
    return Optional.empty();
  }

  /**
   * A word that names no command.
   *
   * @param message what is wrong, naming the word and the commands there are
   * @param command the command whose subcommands it should have named, for its usage
   */
  record UnknownCommand(String message, CommandLine command) {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The project version, from {@code version.properties}, which the build writes from the pom
   * (resource filtering), so it is right in the jar and when run from classes alike.
   */
  static final class Version implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/dev/probefleet/cli/version.properties";

    @Override
    public String[] getVersion() throws IOException {
      return new String[] {
        "probefleet " + projectVersion(),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }

    static String projectVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException(RESOURCE + " is missing from the build");
        }
        properties.load(in);
      }
      return properties.getProperty("version");
    }
  }
}
