package dev.probefleet.attribution.internal;

import dev.probefleet.attribution.AddedLatency;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** Timing arithmetic: how long a layer waited before failing, medians, subtraction. */
public final class Timing {
  private Timing() {}

  /**
   * How long the peer took to give its answer (or to fail): the time to first byte when a byte
   * came, else the total minus the client-side phases (DNS, connect, TLS, request write).
   */
  public static Long waited(ProbeResult sample) {
    PhaseTimings t = sample.timings();
    if (t.ttfb() != null) {
      return t.ttfb();
    }
    long before =
        Stream.of(t.dns(), t.connect(), t.tls(), t.requestWrite())
            .filter(v -> v != null)
            .mapToLong(Long::longValue)
            .sum();
    return Math.max(0L, t.total() - before);
  }

  /** Median time to first byte of a node's healthy samples (the total where ttfb is missing). */
  public static Optional<Long> medianTtfb(Node node) {
    return median(node, t -> t.ttfb() != null ? t.ttfb() : t.total());
  }

  /** Median total of a node's healthy samples. */
  public static Optional<Long> medianTotal(Node node) {
    return median(node, PhaseTimings::total);
  }

  private static Optional<Long> median(Node node, Function<PhaseTimings, Long> phase) {
    List<Long> values =
        node.members().stream()
            .flatMap(m -> m.healthySamples().stream())
            .map(r -> phase.apply(r.timings()))
            .sorted()
            .toList();
    if (values.isEmpty()) {
      return Optional.empty();
    }
    int mid = values.size() / 2;
    return Optional.of(
        values.size() % 2 == 1 ? values.get(mid) : (values.get(mid - 1) + values.get(mid)) / 2);
  }

  /** cdn − lb and lb − origin, from medians of healthy samples. */
  public static AddedLatency added(Optional<Node> cdn, Optional<Node> lb, Optional<Node> origin) {
    return new AddedLatency(
        difference(cdn, lb, Timing::medianTtfb),
        difference(cdn, lb, Timing::medianTotal),
        difference(lb, origin, Timing::medianTtfb),
        difference(lb, origin, Timing::medianTotal));
  }

  private static Double difference(
      Optional<Node> upper, Optional<Node> lower, Function<Node, Optional<Long>> phase) {
    Optional<Long> a = upper.flatMap(phase);
    Optional<Long> b = lower.flatMap(phase);
    return a.isPresent() && b.isPresent() ? PhaseTimings.millis(a.get() - b.get()) : null;
  }

  /** "350 ms", "2.0 s". */
  public static String human(long nanos) {
    double ms = nanos / 1_000_000.0;
    if (ms < 1000) {
      return Math.round(ms) + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
