package dev.probefleet.fingerprint;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Learns each path's usual generator from its healthy answers, and compares error pages with it: a
 * 502 whose page was written by the software that writes the path's healthy answers comes from that
 * layer itself; one written by a hop that relays them comes from that hop.
 *
 * <p>Pure: it takes a {@link PathBaseline} and returns the next one; the caller stores it. Counts
 * are halved whenever {@link #window()} samples are reached, so the baseline follows the last
 * {@code window} healthy answers or so, and a path that changes its software is relearned.
 *
 * @param window samples after which the counts are halved
 * @param minimumCount the least count that establishes a generator or hop
 * @param minimumShare the least share of the samples that establishes a generator or hop
 */
public record BaselineLearner(int window, int minimumCount, double minimumShare) {

  /** 50 samples, at least 3 and 60% of them. */
  public static final BaselineLearner DEFAULT = new BaselineLearner(50, 3, 0.6);

  /** Samples a baseline needs before it stops counting the answers it expects. */
  public static final int SETTLED_SAMPLES = 10;

  /** The share of the samples its generator needs for a baseline to be settled. */
  public static final double SETTLED_SHARE = 0.9;

  /**
   * Healthy timings kept per path: the usual latency is their median. As many as a generator needs
   * to settle ({@link #SETTLED_SAMPLES}), so learning both costs no more writes than learning one.
   */
  public static final int LATENCY_WINDOW = 10;

  /**
   * A new healthy timing within this factor of the usual one (either way) changes nothing worth a
   * write once the window is full: the median barely moves.
   */
  static final double LATENCY_DRIFT = 2.0;

  /** Differences below this are noise on any path, however fast (a 1 ms path answering in 3 ms). */
  static final long LATENCY_NOISE_NANOS = 50_000_000L;

  public BaselineLearner {
    if (window < 2) {
      throw new IllegalArgumentException("window must be at least 2, got " + window);
    }
    if (minimumCount < 1) {
      throw new IllegalArgumentException("minimumCount must be at least 1, got " + minimumCount);
    }
    if (minimumShare <= 0.0 || minimumShare > 1.0) {
      throw new IllegalArgumentException("minimumShare must be in (0, 1], got " + minimumShare);
    }
  }

  /**
   * The baseline after one more healthy fingerprint. Only pass fingerprints of healthy answers;
   * {@link #learn(PathBaseline, ProbeResult, Fingerprint)} checks that for you.
   */
  public PathBaseline learn(PathBaseline prior, Fingerprint healthy) {
    Objects.requireNonNull(prior, "prior");
    Objects.requireNonNull(healthy, "healthy");
    Map<String, Integer> generators = new HashMap<>(prior.generators());
    Map<String, Integer> hops = new HashMap<>(prior.hops());
    int samples = prior.samples();
    if (samples >= window) {
      generators = halve(generators);
      hops = halve(hops);
      samples = generators.values().stream().mapToInt(Integer::intValue).sum();
    }
    generators.merge(healthy.generator(), 1, Integer::sum);
    for (String hop : healthy.passedThrough()) {
      hops.merge(hop, 1, Integer::sum);
    }
    return new PathBaseline(prior.pathKey(), generators, hops, samples + 1, prior.latencies());
  }

  /**
   * The baseline after a slot's healthy fingerprints, or empty when they change nothing that
   * matters: the baseline is settled (at least {@link #SETTLED_SAMPLES} samples, its most frequent
   * generator writing at least {@link #SETTLED_SHARE} of them) and every fingerprint shows that
   * generator relayed by established hops only. A store then writes a path's baseline only when
   * something changed — a new software, an odd answer, a baseline still being learned — instead of
   * every slot; an odd answer is counted (and written), so a path that changes its software is
   * relearned within a few slots. The most frequent generator may be {@link Fingerprint#UNKNOWN}: a
   * path whose healthy answers nobody marks (HAProxy relaying them, many application servers) never
   * establishes a generator, and counting its unmarked answers again changes nothing either.
   */
  public Optional<PathBaseline> update(PathBaseline prior, List<Fingerprint> healthy) {
    return update(prior, healthy, List.of());
  }

  /**
   * The baseline after a slot's healthy fingerprints and the timings of those healthy answers, or
   * empty when neither changes anything that matters. Timings are kept as the last {@link
   * #LATENCY_WINDOW} healthy answers; once the window is full, timings within a factor {@link
   * #LATENCY_DRIFT} of the usual ones (or within {@link #LATENCY_NOISE_NANOS}) are not written: the
   * usual latency stays what it was, and a path that becomes slower or faster is relearned from the
   * timings that do not fit. (Rare spikes that do not fit are kept while fitting answers are not;
   * should spikes ever fill half the window, the ordinary answers stop fitting and are written
   * again, so the median returns.)
   *
   * @param timings the phase timings of the slot's healthy answers (any order; may be empty)
   */
  public Optional<PathBaseline> update(
      PathBaseline prior, List<Fingerprint> healthy, List<PhaseTimings> timings) {
    Objects.requireNonNull(prior, "prior");
    Objects.requireNonNull(timings, "timings");
    PathBaseline next = prior;
    boolean changed = false;
    if (!healthy.isEmpty() && !settledOn(prior, healthy)) {
      for (Fingerprint f : healthy) {
        next = learn(next, f);
      }
      changed = true;
    }
    // A slot written anyway (its software changed) keeps its timings too: the write is paid for.
    if (!timings.isEmpty() && (changed || !latencySettledOn(prior, timings))) {
      for (PhaseTimings t : timings) {
        next = learn(next, t);
      }
      changed = true;
    }
    return changed ? Optional.of(next) : Optional.empty();
  }

  /** The baseline after one more healthy answer's timings: the oldest beyond the window drops. */
  public PathBaseline learn(PathBaseline prior, PhaseTimings healthy) {
    Objects.requireNonNull(prior, "prior");
    Objects.requireNonNull(healthy, "healthy");
    List<PathBaseline.Latency> latencies = new ArrayList<>(prior.latencies());
    long ttfb = healthy.ttfb() != null ? healthy.ttfb() : healthy.total();
    latencies.add(new PathBaseline.Latency(ttfb, healthy.total()));
    while (latencies.size() > LATENCY_WINDOW) {
      latencies.remove(0);
    }
    return prior.withLatencies(latencies);
  }

  private static boolean latencySettledOn(PathBaseline baseline, List<PhaseTimings> timings) {
    Optional<Long> usual = baseline.usualTtfb();
    if (baseline.latencies().size() < LATENCY_WINDOW || usual.isEmpty()) {
      return false;
    }
    long u = usual.get();
    return timings.stream()
        .map(t -> t.ttfb() != null ? t.ttfb() : t.total())
        .allMatch(
            t ->
                Math.abs(t - u) < LATENCY_NOISE_NANOS
                    || (t <= u * LATENCY_DRIFT && t >= u / LATENCY_DRIFT));
  }

  private boolean settledOn(PathBaseline baseline, List<Fingerprint> healthy) {
    // The most frequent generator, unknown included: with 90% of the samples, a known one is
    // established anyway, and an unknown one can never be.
    Optional<String> generator =
        baseline.generators().entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey);
    if (generator.isEmpty() || baseline.samples() < SETTLED_SAMPLES) {
      return false;
    }
    int count = baseline.generators().get(generator.get());
    if (count < SETTLED_SHARE * baseline.samples()) {
      return false;
    }
    List<String> hops = hops(baseline);
    return healthy.stream()
        .allMatch(
            f -> f.generator().equals(generator.get()) && hops.containsAll(f.passedThrough()));
  }

  /**
   * Learns from a probe only when it was healthy ({@link FailureClass#OK}): its generator and its
   * timings; else the prior.
   */
  public PathBaseline learn(PathBaseline prior, ProbeResult result, Fingerprint fingerprint) {
    return result.failureClass() == FailureClass.OK
        ? learn(learn(prior, fingerprint), result.timings())
        : prior;
  }

  /** The established generator of the path's healthy answers: known, frequent enough. */
  public Optional<String> generator(PathBaseline baseline) {
    return baseline.generators().entrySet().stream()
        .filter(e -> !Fingerprint.UNKNOWN.equals(e.getKey()))
        .filter(e -> established(e.getValue(), baseline.samples()))
        .max(
            Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey);
  }

  /** The established hops of the path's healthy answers, most frequent first. */
  public List<String> hops(PathBaseline baseline) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(baseline.hops().entrySet());
    entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    return entries.stream()
        .filter(e -> established(e.getValue(), baseline.samples()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Whether an error page's generator is the path's established generator. */
  public boolean matchesBaseline(PathBaseline baseline, Fingerprint errorPage) {
    return compare(baseline, errorPage).matchesBaseline();
  }

  /** How an error page's generator relates to the path's baseline. */
  public BaselineComparison compare(PathBaseline baseline, Fingerprint errorPage) {
    Optional<String> generator = generator(baseline);
    List<String> hops = hops(baseline);
    String page = errorPage.generator();
    String path = baseline.pathKey();
    if (!errorPage.known()) {
      return new BaselineComparison(
          BaselineComparison.Verdict.UNKNOWN_GENERATOR,
          page,
          generator,
          hops,
          "The error page's generator is not recognised, so it cannot be compared with "
              + path
              + "'s baseline.");
    }
    if (generator.isEmpty() && hops.isEmpty()) {
      return new BaselineComparison(
          BaselineComparison.Verdict.NO_BASELINE,
          page,
          generator,
          hops,
          path
              + " has no established baseline yet ("
              + baseline.samples()
              + " healthy samples, no generator in at least "
              + minimumCount
              + " and "
              + Math.round(minimumShare * 100)
              + "% of them).");
    }
    if (generator.isPresent() && generator.get().equals(page)) {
      return new BaselineComparison(
          BaselineComparison.Verdict.SAME_AS_BASELINE,
          page,
          generator,
          hops,
          "The error page was written by "
              + page
              + ", the software that writes "
              + path
              + "'s healthy answers ("
              + baseline.generators().get(page)
              + " of "
              + baseline.samples()
              + "): the error arises at that layer.");
    }
    if (hops.contains(page)) {
      return new BaselineComparison(
          BaselineComparison.Verdict.BASELINE_HOP,
          page,
          generator,
          hops,
          "The error page was written by "
              + page
              + ", which relays "
              + path
              + "'s healthy answers: the error arises at that hop, not behind it.");
    }
    return new BaselineComparison(
        BaselineComparison.Verdict.OTHER_GENERATOR,
        page,
        generator,
        hops,
        "The error page was written by "
            + page
            + ", which does not show on "
            + path
            + "'s healthy answers"
            + generator.map(g -> " (written by " + g + ")").orElse("")
            + ": a layer hidden on healthy answers, or a new one, wrote it.");
  }

  private boolean established(int count, int samples) {
    return count >= minimumCount && samples > 0 && count >= minimumShare * samples;
  }

  private static Map<String, Integer> halve(Map<String, Integer> counts) {
    Map<String, Integer> halved = new HashMap<>();
    counts.forEach(
        (k, v) -> {
          if (v / 2 > 0) {
            halved.put(k, v / 2);
          }
        });
    return halved;
  }
}
