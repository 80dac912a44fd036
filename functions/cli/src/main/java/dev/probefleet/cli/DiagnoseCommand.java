package dev.probefleet.cli;

import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.config.TargetsLoader;
import dev.probefleet.diagnose.DiagnoseOptions;
import dev.probefleet.diagnose.DiagnoseService;
import dev.probefleet.diagnose.Diagnosis;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.probe.HostResolver;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.RoundProber;
import dev.probefleet.probing.RoundProblem;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probefleet diagnose}: probe every target of a targets file through each of its paths, and
 * say per target which layer fails and why (DESIGN §3).
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description =
        "Probe every target of a targets file through the CDN, at the load balancer and at the"
            + " origin, and say which layer fails and why. Nothing is stored.",
    footer = {
      "",
      "Exit status: 0 every verdict NONE or only warnings; 1 a verdict pages or is inconclusive;"
          + " 2 bad usage or configuration (stdout empty); 3 an internal error."
    })
final class DiagnoseCommand implements Callable<Integer> {

  enum Output {
    json,
    text
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The targets file (YAML).")
  Path config;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Rounds to probe (default ${DEFAULT-VALUE}); a fault in fewer than half is reported as intermittent.")
  int rounds;

  @Option(
      names = "--interval",
      paramLabel = "D",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Time between the starts of two rounds, e.g. 500ms, 10s, 2m (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "json (one document, schemaVersion 1) or text (default ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--region",
      paramLabel = "NAME",
      defaultValue = "local",
      description =
          "Probe as this region: paths whose probeFrom excludes it are skipped (default ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--resolver",
      paramLabel = "HOST:PORT",
      description = "Resolve host names with this DNS server instead of the system's.")
  String resolver;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (rounds < 1 || rounds > 1000) {
      throw new UsageException("--rounds must be between 1 and 1000, got " + rounds);
    }
    TargetsConfig targets = TargetsLoader.load(config);
    ProbeClient.Builder client = ProbeClient.builder();
    if (resolver != null) {
      client.resolver(HostResolver.dnsServer(resolverAddress(resolver)));
    }
    Fingerprinter fingerprinter = Fingerprinter.defaults();
    if (targets.fingerprintRules().isPresent()) {
      var rules = targets.fingerprintRules().get();
      fingerprinter = fingerprinter.withUserRules(rules.source(), rules.content());
    }
    Clock clock = Clock.systemUTC();
    DiagnoseService service =
        new DiagnoseService(
            new RoundProber(
                client.build(),
                new EnvironmentSecretResolver(System.getenv()),
                fingerprinter,
                clock),
            new BaselineLearning(BaselineLearner.DEFAULT, fingerprinter),
            clock);
    Diagnosis diagnosis =
        service.diagnose(
            targets.targets(),
            DiagnoseOptions.DEFAULT.withRounds(rounds).withInterval(interval).withRegion(region));
    PrintWriter err = spec.commandLine().getErr();
    for (RoundProblem problem : diagnosis.problems()) {
      err.println("diagnose: " + problem);
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(output == Output.json ? diagnosis.report().toJson() : diagnosis.report().toText());
    out.flush();
    return diagnosis.report().exitStatus();
  }

  private static InetSocketAddress resolverAddress(String value) {
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? value : value.substring(0, colon);
    String port = colon < 0 ? "53" : value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
        throw new UsageException(
            "--resolver " + value + ": give the DNS server as an IP address, e.g. 10.0.0.2:53");
      }
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--resolver " + value + ": the port must be a number from 1 to 65535");
    } catch (UnknownHostException e) {
      throw new UsageException("--resolver " + value + ": not an IP address");
    }
  }
}
