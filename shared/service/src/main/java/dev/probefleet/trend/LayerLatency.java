package dev.probefleet.trend;

import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What each layer adds to a target's response time in one region's round, and which paths failed:
 * the time series behind the board's chart per target.
 *
 * <p>The three paths are nested (CDN → LB → origin), so each layer's share is a difference of the
 * paths' durations: the origin's is the origin path's own (the median of its healthy instances),
 * the LB's is the LB path's less the origin's, the CDN's the CDN path's less the LB's. Only
 * answered probes count: a refused connection's 0.3 ms is no layer's latency, it is a failure,
 * counted as one. A difference can be negative on a quiet network (two probes, two samples of
 * jitter); it is kept as measured rather than clipped, so a chart shows noise as noise.
 *
 * @param slot the round's slot
 * @param region the region that probed
 * @param cdnMs the CDN path's duration, when it answered
 * @param lbMs the LB path's duration, when it answered
 * @param originMs the median duration of the origins that answered
 * @param cdnAddedMs {@code cdnMs - lbMs}, when both are known
 * @param lbAddedMs {@code lbMs - originMs}, when both are known
 * @param failing the labels of the paths that failed (cdn, lb, origin[i])
 */
public record LayerLatency(
    RoundSlot slot,
    String region,
    Optional<Double> cdnMs,
    Optional<Double> lbMs,
    Optional<Double> originMs,
    Optional<Double> cdnAddedMs,
    Optional<Double> lbAddedMs,
    List<String> failing) {

  public LayerLatency {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(cdnMs, "cdnMs");
    Objects.requireNonNull(lbMs, "lbMs");
    Objects.requireNonNull(originMs, "originMs");
    Objects.requireNonNull(cdnAddedMs, "cdnAddedMs");
    Objects.requireNonNull(lbAddedMs, "lbAddedMs");
    failing = List.copyOf(failing);
  }

  /** One region's round as layers. */
  public static LayerLatency of(RoundRecord round) {
    Optional<Double> cdn = Optional.empty();
    Optional<Double> lb = Optional.empty();
    List<Double> origins = new ArrayList<>();
    List<String> failing = new ArrayList<>();
    for (PathObservation o : round.observations()) {
      ProbeResult r = o.representative();
      if (r.failing()) {
        failing.add(o.label());
        continue;
      }
      double ms = PhaseTimings.millis(r.timings().total());
      if (o.path() == PathKind.CDN) {
        cdn = Optional.of(ms);
      } else if (o.path() == PathKind.LB) {
        lb = Optional.of(ms);
      } else {
        origins.add(ms);
      }
    }
    Optional<Double> origin = median(origins);
    return new LayerLatency(
        round.slot(),
        round.region(),
        cdn.map(LayerLatency::rounded),
        lb.map(LayerLatency::rounded),
        origin.map(LayerLatency::rounded),
        difference(cdn, lb),
        difference(lb, origin),
        failing);
  }

  /**
   * A target's recent rounds, oldest first (rounds of one slot by region), as a chart reads them.
   *
   * @param rounds rounds in any order, e.g. {@code RoundStore.latest}'s newest first
   */
  public static List<LayerLatency> series(List<RoundRecord> rounds) {
    return rounds.stream()
        .sorted(Comparator.comparing(RoundRecord::slot).thenComparing(RoundRecord::region))
        .map(LayerLatency::of)
        .toList();
  }

  private static Optional<Double> median(List<Double> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return Optional.of(
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
  }

  private static Optional<Double> difference(Optional<Double> outer, Optional<Double> inner) {
    return outer.isPresent() && inner.isPresent()
        ? Optional.of(rounded(outer.get() - inner.get()))
        : Optional.empty();
  }

  private static double rounded(double ms) {
    return Math.round(ms * 100) / 100.0;
  }
}
