package dev.probefleet.diagnose;

import dev.probefleet.attribution.Attribution;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.attribution.RegionRound;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.fingerprint.PathBaseline;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.probing.ProbedRound;
import dev.probefleet.probing.RoundProber;
import dev.probefleet.probing.RoundProblem;
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

/**
 * {@code probefleet diagnose}: probes every target's paths for a few rounds and attributes each
 * target's failures to a layer and a cause. Nothing is stored; baselines are learned within the run
 * (from the healthy answers of its rounds), so a page matching the software a path usually answers
 * with is recognised as that path's own.
 *
 * <p>Over several rounds the verdict is what at least half the rounds showed; a fault seen in fewer
 * is reported as intermittent with its rate (DESIGN §3). Baselines are learned by the same rule as
 * the analyzer's ({@link BaselineLearning}), kept in memory for the run.
 */
public final class DiagnoseService {
  private final RoundProber prober;
  private final BaselineLearning baselines;
  private final Clock clock;
  private final Sleeper sleeper;

  /** Waits between rounds; replaceable in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public DiagnoseService(RoundProber prober, BaselineLearning baselines, Clock clock) {
    this(prober, baselines, clock, d -> Thread.sleep(d.toMillis()));
  }

  public DiagnoseService(
      RoundProber prober, BaselineLearning baselines, Clock clock, Sleeper sleeper) {
    this.prober = Objects.requireNonNull(prober, "prober");
    this.baselines = Objects.requireNonNull(baselines, "baselines");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Runs the rounds and returns a verdict per target, in the order given. */
  public Diagnosis diagnose(List<Target> targets, DiagnoseOptions options) {
    Map<String, List<Verdict>> verdicts = new LinkedHashMap<>();
    targets.forEach(t -> verdicts.put(t.name(), new ArrayList<>()));
    Map<String, Map<String, PathBaseline>> learned = new HashMap<>();
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
        RegionRound regionRound = baselines.fingerprinted(record);
        Map<String, PathBaseline> paths =
            learned.computeIfAbsent(target.name(), t -> new HashMap<>());
        paths.putAll(baselines.learn(target.name(), paths, List.of(regionRound)));
        AttributionInput input =
            AttributionInput.of(target, slot, List.of(regionRound), clock.instant())
                .withBaselines(baselines.generators(paths));
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
}
