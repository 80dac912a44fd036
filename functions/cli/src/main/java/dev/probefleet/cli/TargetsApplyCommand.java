package dev.probefleet.cli;

import dev.probefleet.config.ConfigException;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetRegistry.ApplyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code probefleet targets apply FILE}: the registry made to hold exactly the file's targets
 * ({@link TargetRegistry#apply} with prune), referenced files inlined by the loader, after {@link
 * TargetsFile}'s checks; {@code --dry-run} asks the registry what it would change ({@link
 * TargetRegistry#plan}).
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Make the targets registry hold exactly the targets of a file: add new ones, change those"
          + " that differ, remove those the file no longer has. Files the targets file names"
          + " (caFile) are stored inline, so nothing depends on this machine's disk. The file is"
          + " checked first (as targets validate does); a file with a problem writes nothing.",
      "",
      "Examples:",
      "  probefleet targets apply targets.yaml --dry-run   # writes nothing",
      "  probefleet targets apply targets.yaml             # the store in ./data",
      "  probefleet targets apply targets.yaml --store aws # the fleet's registry",
      "  probefleet targets apply targets.yaml --store endpoint=http://127.0.0.1:4566"
    },
    footer = {
      "",
      "Running probe functions and a running probefleet run pick the change up within their"
          + " registry cache's TTL (probefleet.targets.cache-ttl). probefleet run applies its own"
          + " --config when it starts.",
      "",
      "Exit status: 0 applied (or planned); 2 bad usage or a targets file with problems"
          + " (FILE:LINE:COLUMN: FIELD: message on stderr), nothing written; 3 an internal error,"
          + " such as an unreachable store."
    })
final class TargetsApplyCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The targets file (YAML).")
  Path file;

  @Option(
      names = "--dry-run",
      description = "Print what would be added, changed and removed; write nothing.")
  boolean dryRun;

  @Mixin StoreAccess store;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    TargetsConfig config;
    try {
      config = TargetsFile.load(file);
    } catch (ConfigException e) {
      TargetsFile.print(e, "targets apply", err);
      err.println("targets apply: nothing was written");
      err.flush();
      return ExitStatus.USAGE;
    }
    config
        .fingerprintRules()
        .ifPresent(
            rules -> {
              err.println(
                  "targets apply: note: the fingerprint rules "
                      + rules.source()
                      + " are checked but not stored: the registry holds targets; give the rules"
                      + " to the functions as probefleet.fingerprint.rules");
              err.flush();
            });
    FleetProperties properties = new FleetProperties();
    ApplyReport report;
    try (Fleet fleet = store.start(properties, false)) {
      TargetRegistry registry = properties.get(fleet, TargetRegistry.class);
      report =
          dryRun ? registry.plan(config.targets(), true) : registry.apply(config.targets(), true);
    }
    PrintWriter out = spec.commandLine().getOut();
    String verb = dryRun ? "would be " : "";
    report.added().forEach(name -> out.println("+ " + name + " (" + verb + "added)"));
    report.updated().forEach(name -> out.println("~ " + name + " (" + verb + "changed)"));
    report.removed().forEach(name -> out.println("- " + name + " (" + verb + "removed)"));
    out.println(
        (dryRun ? "dry run, nothing written: " : "")
            + "added "
            + report.added().size()
            + ", changed "
            + report.updated().size()
            + ", removed "
            + report.removed().size()
            + ", unchanged "
            + report.unchanged().size()
            + " (store "
            + store.describe()
            + ")");
    out.flush();
    return ExitStatus.OK;
  }
}
