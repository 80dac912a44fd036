package dev.probefleet.cli;

import dev.probefleet.config.TargetsConfig;
import dev.probefleet.config.TargetsLoader;
import dev.probefleet.diagnose.DiagnoseOptions;
import dev.probefleet.diagnose.DiagnoseService;
import dev.probefleet.diagnose.Diagnosis;
import dev.probefleet.probing.RoundProblem;
import dev.probefleet.runtime.Fleet;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    description = {
      "Probe every target of a targets file through the CDN, at the load balancer and at the"
          + " origin, and say which layer fails and why. Nothing is stored.",
      "",
      "Examples:",
      "  probefleet diagnose --config targets.yaml",
      "  probefleet diagnose --config targets.yaml --rounds 5 --interval 2s",
      "  probefleet diagnose --config targets.yaml --output json | jq .targets",
      "  probefleet diagnose --config targets.yaml --resolver 10.0.0.2:53"
    },
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
    FleetProperties properties = new FleetProperties();
    properties.set("probefleet.store.kind", "memory"); // diagnose stores nothing
    properties.flag("--region", "probefleet.region", region);
    properties.flag("--resolver", "probefleet.probe.resolver", resolver);
    properties.fingerprintRules(targets);
    Diagnosis diagnosis;
    try (Fleet fleet = properties.start()) {
      DiagnoseService service = properties.get(fleet, DiagnoseService.class);
      diagnosis =
          service.diagnose(
              targets.targets(),
              DiagnoseOptions.DEFAULT.withRounds(rounds).withInterval(interval).withRegion(region));
    }
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
}
