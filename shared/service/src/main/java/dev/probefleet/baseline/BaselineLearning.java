package dev.probefleet.baseline;

import dev.probefleet.attribution.Baselines;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one rule for baselines, used by {@code diagnose} and by the analyzer alike:
 *
 * <ul>
 *   <li>each path's representative answer is fingerprinted where the prober fingerprinted it (the
 *       round carries it), or here from the stored response when it did not;
 *   <li>a path learns from every healthy sample of every region's round of a slot, each counted
 *       with the fingerprint of the path's first healthy answer (a burst of one endpoint is one
 *       software); a path with no healthy answer learns nothing;
 *   <li>the timings of those healthy samples teach the path's usual latency;
 *   <li>a baseline that is settled and sees its own software again, at about its usual latency,
 *       does not change ({@link BaselineLearner#update}), so the analyzer writes a baseline only
 *       when it changed.
 * </ul>
 */
public final class BaselineLearning {
  private final BaselineLearner learner;
  private final Fingerprinter fingerprinter;

  public BaselineLearning(BaselineLearner learner, Fingerprinter fingerprinter) {
    this.learner = Objects.requireNonNull(learner, "learner");
    this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
  }

  public BaselineLearner learner() {
    return learner;
  }

  public Fingerprinter fingerprinter() {
    return fingerprinter;
  }

  /** A round with the fingerprint of each path's representative response. */
  public RegionRound fingerprinted(RoundRecord record) {
    Map<String, Fingerprint> fingerprints = new LinkedHashMap<>();
    for (PathObservation o : record.observations()) {
      fingerprint(o).ifPresent(f -> fingerprints.put(o.label(), f));
    }
    return new RegionRound(record, fingerprints);
  }

  private Optional<Fingerprint> fingerprint(PathObservation o) {
    if (o.fingerprint().isPresent()) {
      return o.fingerprint();
    }
    return o.representative().response().map(fingerprinter::fingerprint);
  }

  /**
   * The established generator and the usual time to first byte of each path, for attribution to
   * compare error pages and failure timings with.
   */
  public Baselines generators(Map<String, PathBaseline> baselines) {
    Map<String, String> generators = new LinkedHashMap<>();
    Map<String, Long> usualTtfb = new LinkedHashMap<>();
    baselines.forEach(
        (path, baseline) -> {
          learner.generator(baseline).ifPresent(g -> generators.put(path, g));
          baseline.usualTtfb().ifPresent(t -> usualTtfb.put(path, t));
        });
    return new Baselines(generators, usualTtfb);
  }

  /**
   * Learns from one slot's rounds of a target.
   *
   * @param target the target's name
   * @param current each path's baseline so far, by path label (a path not in it starts empty)
   * @param rounds every region's round of the slot, fingerprinted
   * @return the baselines that changed, by path label; empty when nothing changed
   */
  public Map<String, PathBaseline> learn(
      String target, Map<String, PathBaseline> current, List<RegionRound> rounds) {
    Map<String, List<Fingerprint>> healthy = new TreeMap<>();
    Map<String, List<PhaseTimings>> timings = new TreeMap<>();
    for (RegionRound round : rounds) {
      for (PathObservation o : round.record().observations()) {
        Optional<Fingerprint> first = firstHealthy(o, round);
        if (first.isEmpty()) {
          continue;
        }
        List<Fingerprint> list = healthy.computeIfAbsent(o.label(), l -> new ArrayList<>());
        List<PhaseTimings> times = timings.computeIfAbsent(o.label(), l -> new ArrayList<>());
        for (ProbeResult sample : o.samples()) {
          if (!sample.failing()) {
            list.add(first.get());
            times.add(sample.timings());
          }
        }
      }
    }
    Map<String, PathBaseline> changed = new TreeMap<>();
    healthy.forEach(
        (path, fingerprints) -> {
          PathBaseline prior = current.getOrDefault(path, PathBaseline.empty(target + "/" + path));
          learner
              .update(prior, fingerprints, timings.get(path))
              .ifPresent(next -> changed.put(path, next));
        });
    return changed;
  }

  /** The fingerprint of a path's first healthy answer in a round, if it has one. */
  private Optional<Fingerprint> firstHealthy(PathObservation o, RegionRound round) {
    ProbeResult representative = o.representative();
    if (!representative.failing()) {
      return round.fingerprint(o.label());
    }
    return o.samples().stream()
        .filter(s -> !s.failing())
        .flatMap(s -> s.response().stream())
        .findFirst()
        .map(fingerprinter::fingerprint);
  }
}
