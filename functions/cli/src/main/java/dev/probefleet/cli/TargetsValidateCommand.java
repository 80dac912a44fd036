package dev.probefleet.cli;

import dev.probefleet.config.ConfigException;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.model.Target;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code probefleet targets validate FILE}: what {@link TargetsFile} checks, touching no store. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a targets file as probefleet run and targets apply would: the schema, the files it"
          + " names (caFile, fingerprintRules), and that each target fits in the registry."
          + " Touches no store.",
      "",
      "Examples:",
      "  probefleet targets validate targets.yaml",
      "  probefleet targets validate targets.yaml 2> problems.txt || cat problems.txt"
    },
    footer = {
      "",
      "Exit status: 0 valid (a one-line summary on stdout); 2 problems, each as"
          + " FILE:LINE:COLUMN: FIELD: message on stderr (stdout empty); 3 an internal error."
    })
final class TargetsValidateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The targets file (YAML).")
  Path file;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TargetsConfig config;
    try {
      config = TargetsFile.load(file);
    } catch (ConfigException e) {
      TargetsFile.print(e, "targets validate", spec.commandLine().getErr());
      return ExitStatus.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(file + ": valid, " + summary(config));
    out.flush();
    return ExitStatus.OK;
  }

  /** {@code 3 target(s), 7 path(s) (2 cdn, 2 lb, 3 origin), fingerprint rules rules.yaml}. */
  static String summary(TargetsConfig config) {
    int cdn = 0;
    int lb = 0;
    int origin = 0;
    for (Target t : config.targets()) {
      cdn += t.cdn().isPresent() ? 1 : 0;
      lb += t.lb().isPresent() ? 1 : 0;
      origin += t.origins().size();
    }
    return config.targets().size()
        + " target(s), "
        + (cdn + lb + origin)
        + " path(s) ("
        + cdn
        + " cdn, "
        + lb
        + " lb, "
        + origin
        + " origin)"
        + config.fingerprintRules().map(r -> ", fingerprint rules " + r.source()).orElse("");
  }
}
