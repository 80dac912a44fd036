package dev.probefleet.attribution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each path's healthy responses look like, as learned from earlier rounds: the generator they
 * come from (the software a layer runs), which tells whether an error page was written by the layer
 * itself or passed on from below; and their usual time to first byte, against which a failure's
 * timing is judged (a 502 after ten times the usual wait is a killed slow request, not a dead
 * application server).
 *
 * @param generators generator id by path label ({@code cdn}, {@code lb}, {@code origin[0]}); a
 *     plain {@code origin} key stands for every origin instance without its own entry
 * @param usualTtfbNanos the median time to first byte of the path's recent healthy answers, by path
 *     label (same keys as {@code generators})
 */
public record Baselines(Map<String, String> generators, Map<String, Long> usualTtfbNanos) {
  public static final Baselines NONE = new Baselines(Map.of(), Map.of());

  public Baselines {
    generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
    usualTtfbNanos = Collections.unmodifiableMap(new LinkedHashMap<>(usualTtfbNanos));
  }

  /** Generators only, no learned latency. */
  public Baselines(Map<String, String> generators) {
    this(generators, Map.of());
  }

  /** The usual time to first byte of a path's healthy answers, if learned. */
  public Optional<Long> usualTtfb(String pathLabel) {
    Long own = usualTtfbNanos.get(pathLabel);
    if (own != null) {
      return Optional.of(own);
    }
    return pathLabel.startsWith("origin[")
        ? Optional.ofNullable(usualTtfbNanos.get("origin"))
        : Optional.empty();
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
