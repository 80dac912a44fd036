package dev.probefleet.fingerprint;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a path's healthy answers looked like: how often each generator wrote them and how often each
 * hop relayed them, over roughly the last {@link BaselineLearner#window()} healthy fingerprints. A
 * small value meant to be stored as is (one item per path in the store).
 *
 * @param pathKey the path it describes, e.g. {@code shop/lb} or {@code shop/origin[0]}
 * @param generators healthy fingerprints per generator id ({@code unknown} included)
 * @param hops healthy fingerprints per hop in {@code passed_through}
 * @param samples healthy fingerprints counted (the sum of {@code generators})
 */
public record PathBaseline(
    String pathKey, Map<String, Integer> generators, Map<String, Integer> hops, int samples) {

  public PathBaseline {
    Objects.requireNonNull(pathKey, "pathKey");
    generators = Collections.unmodifiableMap(new TreeMap<>(generators));
    hops = Collections.unmodifiableMap(new TreeMap<>(hops));
    if (samples < 0) {
      throw new IllegalArgumentException("samples must not be negative: " + samples);
    }
    for (Map.Entry<String, Integer> e : generators.entrySet()) {
      if (e.getValue() == null || e.getValue() < 0) {
        throw new IllegalArgumentException("count of " + e.getKey() + " must not be negative");
      }
    }
    for (Map.Entry<String, Integer> e : hops.entrySet()) {
      if (e.getValue() == null || e.getValue() < 0) {
        throw new IllegalArgumentException("count of hop " + e.getKey() + " must not be negative");
      }
    }
  }

  /** A path with no healthy answer seen yet. */
  public static PathBaseline empty(String pathKey) {
    return new PathBaseline(pathKey, Map.of(), Map.of(), 0);
  }
}
