package dev.probefleet.fingerprint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What a path's healthy answers looked like: how often each generator wrote them and how often each
 * hop relayed them, over roughly the last {@link BaselineLearner#window()} healthy fingerprints. A
 * small value meant to be stored as is (one item per path in the store).
 *
 * @param pathKey the path it describes, e.g. {@code shop/lb} or {@code shop/origin[0]}
 * @param generators healthy fingerprints per generator id ({@code unknown} included)
 * @param hops healthy fingerprints per hop in {@code passed_through}
 * @param samples healthy fingerprints counted (the sum of {@code generators})
 * @param latencies the timings of the path's most recent healthy answers, oldest first (at most
 *     {@link BaselineLearner#LATENCY_WINDOW}): the path's usual latency, against which a failure's
 *     timing is judged (a 502 after ten times the usual wait is a timeout, not a dead upstream)
 */
public record PathBaseline(
    String pathKey,
    Map<String, Integer> generators,
    Map<String, Integer> hops,
    int samples,
    List<Latency> latencies) {

  /** Fewer healthy timings than this give no usual latency: one slow answer is no habit. */
  public static final int MIN_LATENCY_SAMPLES = 3;

  /**
   * The timing of one healthy answer.
   *
   * @param ttfbNanos request written to first response byte
   * @param totalNanos the whole probe
   */
  public record Latency(long ttfbNanos, long totalNanos) {
    public Latency {
      if (ttfbNanos < 0 || totalNanos < 0) {
        throw new IllegalArgumentException(
            "latency must not be negative: ttfb " + ttfbNanos + " ns, total " + totalNanos + " ns");
      }
    }
  }

  public PathBaseline {
    Objects.requireNonNull(pathKey, "pathKey");
    generators = Collections.unmodifiableMap(new TreeMap<>(generators));
    hops = Collections.unmodifiableMap(new TreeMap<>(hops));
    latencies = latencies == null ? List.of() : List.copyOf(latencies);
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

  /** A baseline without timings (stored before latencies were learned). */
  public PathBaseline(
      String pathKey, Map<String, Integer> generators, Map<String, Integer> hops, int samples) {
    this(pathKey, generators, hops, samples, List.of());
  }

  /** A path with no healthy answer seen yet. */
  public static PathBaseline empty(String pathKey) {
    return new PathBaseline(pathKey, Map.of(), Map.of(), 0, List.of());
  }

  /** The same counts with other latencies. */
  public PathBaseline withLatencies(List<Latency> next) {
    return new PathBaseline(pathKey, generators, hops, samples, next);
  }

  /** Median time to first byte of the recent healthy answers, once there are enough of them. */
  public Optional<Long> usualTtfb() {
    return median(Latency::ttfbNanos);
  }

  /** Median total of the recent healthy answers, once there are enough of them. */
  public Optional<Long> usualTotal() {
    return median(Latency::totalNanos);
  }

  private Optional<Long> median(ToLongFunction<Latency> phase) {
    if (latencies.size() < MIN_LATENCY_SAMPLES) {
      return Optional.empty();
    }
    List<Long> values = new ArrayList<>();
    latencies.forEach(l -> values.add(phase.applyAsLong(l)));
    Collections.sort(values);
    int mid = values.size() / 2;
    return Optional.of(
        values.size() % 2 == 1 ? values.get(mid) : (values.get(mid - 1) + values.get(mid)) / 2);
  }
}
