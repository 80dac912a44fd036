package dev.probefleet.cli;

import io.micronaut.configuration.picocli.PicocliRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code probefleet}: prints its usage when run without a subcommand. */
@Command(
    name = "probefleet",
    mixinStandardHelpOptions = true,
    versionProvider = ProbefleetCommand.Version.class,
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
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int execute(String... args) {
    return PicocliRunner.execute(ProbefleetCommand.class, args);
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
