package dev.probefleet.cli;

import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.dynamodb.ItemSize;
import dev.probefleet.config.ConfigException;
import dev.probefleet.config.ConfigProblem;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.config.TargetsLoader;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.model.Target;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A targets file as {@code targets validate} and {@code targets apply} check it: everything {@code
 * run} would refuse, before anything is written — the loader's checks ({@link TargetsLoader}: the
 * schema, referenced files read and inlined), the user's fingerprint rules parsed by the
 * fingerprinter that will use them, and each target's size as the registry stores it (DynamoDB
 * refuses an item over 400 KB, and inlined CA bundles make targets large).
 */
final class TargetsFile {
  private TargetsFile() {}

  /**
   * Loads and checks the file.
   *
   * @throws ConfigException listing every problem, each {@code FILE:LINE:COLUMN: FIELD: message} (a
   *     target too large for the registry as {@code FILE: targets[i]: …})
   * @throws dev.probefleet.fingerprint.InvalidRulesException naming the rules file, rule and field
   */
  static TargetsConfig load(Path file) {
    TargetsConfig config = TargetsLoader.load(file);
    config
        .fingerprintRules()
        .ifPresent(
            rules -> Fingerprinter.defaults().withUserRules(rules.source(), rules.content()));
    List<ConfigProblem> problems = new ArrayList<>();
    List<Target> targets = config.targets();
    for (int i = 0; i < targets.size(); i++) {
      Target target = targets.get(i);
      long bytes = DynamoTargetRegistry.itemBytes(target);
      if (bytes > ItemSize.MAX_BYTES) {
        problems.add(
            new ConfigProblem(
                config.source(),
                0,
                0,
                "targets[" + i + "]",
                "target '"
                    + target.name()
                    + "' would be stored in the registry as "
                    + bytes
                    + " bytes, over DynamoDB's 400 KB item limit ("
                    + ItemSize.MAX_BYTES
                    + " bytes); its CA bundles are stored inline, once per path that names them"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(config.source(), problems, 0);
    }
    return config;
  }

  /**
   * Prints a file's problems one per line as {@code FILE:LINE:COLUMN: FIELD: message}, from the
   * start of the line where editors and CI annotations look for them, then a count.
   */
  static void print(ConfigException e, String command, PrintWriter err) {
    e.problems().forEach(err::println);
    if (e.omitted() > 0) {
      err.println("… and " + e.omitted() + " more problems");
    }
    err.println(
        command + ": " + (e.problems().size() + e.omitted()) + " problem(s) in " + e.file());
    err.flush();
  }
}
