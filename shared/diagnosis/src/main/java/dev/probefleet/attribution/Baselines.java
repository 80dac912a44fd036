package dev.probefleet.attribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generator each path's healthy responses come from, as the fingerprinter learned it: the
 * software a layer runs. It tells whether an error page was written by the layer itself (its own
 * software) or passed on from below.
 *
 * @param generators generator id by path label ({@code cdn}, {@code lb}, {@code origin[0]}); a
 *     plain {@code origin} key stands for every origin instance without its own entry
 */
public record Baselines(Map<String, String> generators) {
  public static final Baselines NONE = new Baselines(Map.of());

  public Baselines {
    generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
  }

  /** The learned generator of a path, if any. */
  public Optional<String> generator(String pathLabel) {
    String own = generators.get(pathLabel);
    if (own != null) {
      return Optional.of(own);
    }
    return pathLabel.startsWith("origin[")
        ? Optional.ofNullable(generators.get("origin"))
        : Optional.empty();
  }
}
