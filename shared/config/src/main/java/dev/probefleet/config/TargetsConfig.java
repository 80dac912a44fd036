package dev.probefleet.config;

import dev.probefleet.model.Target;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated targets file: defaults applied, referenced files inlined.
 *
 * @param source the source name it was loaded under (a path, or a name given to {@link
 *     TargetsLoader#parse})
 * @param targets the targets in file order, names unique
 * @param fingerprintRules the user's fingerprint rules, when the file names some
 */
public record TargetsConfig(
    String source, List<Target> targets, Optional<FingerprintRulesFile> fingerprintRules) {

  public TargetsConfig {
    Objects.requireNonNull(source, "source");
    targets = List.copyOf(targets);
    Objects.requireNonNull(fingerprintRules, "fingerprintRules");
  }

  /** The target of that name. */
  public Optional<Target> target(String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
