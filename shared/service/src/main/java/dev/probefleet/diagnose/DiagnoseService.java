package dev.probefleet.diagnose;

import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.Baselines;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.model.Fingerprint;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.report.DiagnoseReport;
import dev.probefleet.report.TargetDiagnosis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code probefleet diagnose}: probes every target's paths for a few rounds and attributes each
 * target's failures to a layer and a cause. Nothing is stored; baselines are learned within the run
 * (from the healthy answers of its rounds), so a page matching the software a path usually answers
 * with is recognised as that path's own.
 *
 * <p>Over several rounds the verdict is what at least half the rounds showed; a fault seen in fewer
 * is reported as intermittent with its rate (DESIGN §3).
 */
public final class DiagnoseService {
  private final RoundProber prober;
  private final Fingerprinter fingerprinter;
  private final BaselineLearner learner;
  private final Clock clock;
  private final Sleeper sleeper;

  /** Waits between rounds; replaceable in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public DiagnoseService(
      RoundProber prober, Fingerprinter fingerprinter, BaselineLearner learner, Clock clock) {
    this(prober, fingerprinter, learner, clock, d -> Thread.sleep(d.toMillis()));
  }

  public DiagnoseService(
      RoundProber prober,
      Fingerprinter fingerprinter,
      BaselineLearner learner,
      Clock clock,
      Sleeper sleeper) {
    this.prober = Objects.requireNonNull(prober, "prober");
    this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
    this.learner = Objects.requireNonNull(learner, "learner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Runs the rounds and returns a verdict per target, in the order given. */
  public Diagnosis diagnose(List<Target> targets, DiagnoseOptions options) {
    Map<String, List<Verdict>> verdicts = new LinkedHashMap<>();
    targets.forEach(t -> verdicts.put(t.name(), new ArrayList<>()));
    Map<String, PathBaseline> baselines = new HashMap<>();
    List<RoundProblem> problems = new ArrayList<>();
    Duration period = options.rounds() == 1 ? Duration.ofMinutes(1) : options.interval();
    Instant previousSlot = null;
    for (int round = 0; round < options.rounds(); round++) {
      Instant start = clock.instant();
      RoundSlot slot = RoundSlot.containing(start, period);
      if (previousSlot != null && !slot.start().isAfter(previousSlot)) {
        slot = new RoundSlot(previousSlot, period).next(); // never two rounds in one slot
      }
      previousSlot = slot.start();
      ProbedRound probed =
          prober.probe(targets, options.region(), slot, start.plus(options.roundBudget()));
      problems.addAll(probed.problems());
      for (Target target : targets) {
        RoundRecord record = probed.record(target.name()).orElseThrow();
        RegionRound regionRound = fingerprinted(record, baselines);
        AttributionInput input =
            AttributionInput.of(target, slot, List.of(regionRound), clock.instant())
                .withBaselines(baselinesOf(target, baselines));
        verdicts.get(target.name()).add(Attribution.attribute(input));
      }
      if (round + 1 < options.rounds()) {
        Duration left = Duration.between(clock.instant(), start.plus(options.interval()));
        if (!left.isNegative() && !left.isZero()) {
          try {
            sleeper.sleep(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    List<TargetDiagnosis> diagnoses = new ArrayList<>();
    for (Target target : targets) {
      List<Verdict> rounds = verdicts.get(target.name());
      Verdict verdict =
          rounds.size() == 1 ? rounds.get(0) : Attribution.overRounds(target.name(), rounds);
      diagnoses.add(new TargetDiagnosis(target.name(), verdict));
    }
    return new Diagnosis(DiagnoseReport.of(diagnoses), problems);
  }

  /**
   * Fingerprints the representative response of every path, and learns each path's baseline from
   * its healthy samples.
   */
  private RegionRound fingerprinted(RoundRecord record, Map<String, PathBaseline> baselines) {
    RegionRound round = RegionRound.of(record);
    for (PathObservation observation : record.observations()) {
      String key = record.target() + "/" + observation.label();
      for (ProbeResult sample : observation.samples()) {
        if (!sample.failing() && sample.response().isPresent()) {
          Fingerprint healthy = fingerprinter.fingerprint(sample.response().get());
          PathBaseline prior = baselines.getOrDefault(key, PathBaseline.empty(observation.label()));
          baselines.put(key, learner.learn(prior, sample, healthy));
        }
      }
      Optional<Fingerprint> representative =
          observation.representative().response().map(fingerprinter::fingerprint);
      if (representative.isPresent()) {
        round = round.withFingerprint(observation.label(), representative.get());
      }
    }
    return round;
  }

  private Baselines baselinesOf(Target target, Map<String, PathBaseline> baselines) {
    Map<String, String> generators = new HashMap<>();
    baselines.forEach(
        (key, baseline) -> {
          String prefix = target.name() + "/";
          if (key.startsWith(prefix)) {
            learner
                .generator(baseline)
                .ifPresent(g -> generators.put(key.substring(prefix.length()), g));
          }
        });
    return new Baselines(generators);
  }
}
