package dev.probefleet.cli;

import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.config.TargetsLoader;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.run.RoundLoop;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probefleet run}: the whole fleet in one process — the targets file loaded into the
 * registry, then a round every interval, each analysed as it ends (incidents, alerts) and reported
 * as a line of text or JSON. The same services the Lambda functions call ({@link RoundLoop} over
 * {@link ProbeService} and {@link AnalyzerService}), hosted by {@link FleetRun}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the fleet on this machine: probe every target of a targets file each interval, analyse"
          + " each round (incidents, alerts), keep the history in a store.",
      "",
      "Examples:",
      "  probefleet run --config targets.yaml        # DynamoDB Local in ./data",
      "  probefleet run --config targets.yaml 2>alerts.log  # full alerts there",
      "  probefleet run --config targets.yaml --interval 30s --output json",
      "  probefleet run --config targets.yaml --store aws --sns-topic-arn ARN",
      "  probefleet run --config targets.yaml --store endpoint=http://127.0.0.1:4566"
    },
    footer = {
      "",
      "Ctrl-C lets the round in flight finish, then stops. Exit status: 0 stopped (or --rounds"
          + " done); 2 bad usage or configuration; 3 an internal error."
    })
final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The targets file (YAML); loaded into the store's registry at start.")
  Path config;

  @Mixin RunOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    options.check();
    TargetsConfig targets = TargetsLoader.load(config);
    new FleetRun(options)
        .run(
            targets,
            config.toString(),
            spec.commandLine().getOut(),
            spec.commandLine().getErr(),
            List.of());
    return ExitStatus.OK;
  }
}
