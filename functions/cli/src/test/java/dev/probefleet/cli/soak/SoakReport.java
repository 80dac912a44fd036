package dev.probefleet.cli.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the samples and the rounds of one soak show, and the verdict: memory flat (least-squares
 * slope of heap after GC and of resident memory after warm-up, within bounds), no descriptor or
 * thread growth (the last samples' median against the first's after warm-up, within a stated
 * noise), no round overlapping the one before; late, missing, failed and incomplete rounds counted.
 *
 * @param heapSlope MiB of heap after GC gained per minute after warm-up (NaN: not measured)
 * @param rssSlope MiB of resident memory gained per minute after warm-up
 * @param fdGrowth descriptors gained after warm-up
 * @param threadGrowth threads gained after warm-up
 * @param fdRange fewest and most descriptors after warm-up
 * @param threadRange fewest and most threads after warm-up
 * @param expectedSlots slots from the first round's to the last that began before the stop (by over
 *     a tenth of the interval)
 * @param completed rounds reported done
 * @param failed rounds reported failed
 * @param missing expected slots no round ran for
 * @param overlapping rounds that started before the one before ended
 * @param late rounds (after the first) that started over a tenth of the interval into their slot,
 *     or ran past their slot's end
 * @param incomplete rounds that probed fewer paths than the fleet has
 * @param failingPaths failing paths summed over all rounds (a healthy lab should show none)
 * @param tookMedianMillis median round duration
 * @param tookMaxMillis longest round
 * @param problems why the verdict fails, empty when it passes
 */
record SoakReport(
    double heapSlope,
    double rssSlope,
    int fdGrowth,
    int threadGrowth,
    int[] fdRange,
    int[] threadRange,
    int expectedSlots,
    int completed,
    int failed,
    int missing,
    int overlapping,
    int late,
    int incomplete,
    long failingPaths,
    long tookMedianMillis,
    long tookMaxMillis,
    List<String> problems) {

  boolean passed() {
    return problems.isEmpty();
  }

  /**
   * Judges a soak.
   *
   * @param settings the interval, the warm-up and the bounds
   * @param samples the process's samples, oldest first
   * @param rounds the rounds it reported
   * @param stoppedAt when the fleet was told to stop
   * @param paths paths every round should probe
   */
  static SoakReport judge(
      SoakSettings settings,
      List<ProcessSample> samples,
      List<ReportedRound> rounds,
      Instant stoppedAt,
      int paths) {
    double warmup = settings.warmup().toMillis() / 1000.0;
    List<ProcessSample> settled =
        samples.stream().filter(s -> s.elapsedSeconds() >= warmup).toList();
    List<String> problems = new ArrayList<>();

    double heapSlope = slope(settled.stream().filter(s -> s.heapAfterGcKib() >= 0).toList(), true);
    double rssSlope = slope(settled, false);
    int fdGrowth = growth(settled.stream().map(ProcessSample::fds).toList());
    int threadGrowth = growth(settled.stream().map(ProcessSample::threads).toList());
    if (settled.size() < 3) {
      problems.add(
          "only "
              + settled.size()
              + " sample(s) after the warm-up: too few for a slope (run longer)");
    }
    if (Double.isNaN(heapSlope)) {
      problems.add("heap after GC was not measured after the warm-up");
    } else if (heapSlope > settings.heapSlopeBound()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "heap after GC grows %.2f MiB/min (bound %.2f)",
              heapSlope,
              settings.heapSlopeBound()));
    }
    if (rssSlope > settings.rssSlopeBound()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "resident memory grows %.2f MiB/min (bound %.2f)",
              rssSlope,
              settings.rssSlopeBound()));
    }
    if (fdGrowth > settings.fdNoise()) {
      problems.add("open descriptors grew by " + fdGrowth + " (noise ±" + settings.fdNoise() + ")");
    }
    if (threadGrowth > settings.threadNoise()) {
      problems.add("threads grew by " + threadGrowth + " (noise ±" + settings.threadNoise() + ")");
    }

    List<ReportedRound> done =
        rounds.stream()
            .filter(r -> r.startedAt().isPresent())
            .sorted(Comparator.comparing(r -> r.startedAt().orElseThrow()))
            .toList();
    int overlapping = 0;
    for (int i = 1; i < done.size(); i++) {
      if (done.get(i).startedAt().orElseThrow().isBefore(done.get(i - 1).endedAt().orElseThrow())) {
        overlapping++;
      }
    }
    if (overlapping > 0) {
      problems.add(overlapping + " round(s) started before the one before had ended");
    }
    Duration interval = settings.interval();
    Duration lateAfter = interval.dividedBy(10);
    int firstNumber = rounds.stream().mapToInt(ReportedRound::number).min().orElse(0);
    int late = 0;
    for (ReportedRound r : done) {
      Instant started = r.startedAt().orElseThrow();
      boolean startedLate =
          r.number() != firstNumber && Duration.between(r.slot(), started).compareTo(lateAfter) > 0;
      if (startedLate || r.endedAt().orElseThrow().isAfter(r.slot().plus(interval))) {
        late++;
      }
    }
    int expected = 0;
    int missing = 0;
    if (!rounds.isEmpty()) {
      Instant first = rounds.stream().map(ReportedRound::slot).min(Comparator.naturalOrder()).get();
      Set<Instant> covered = new HashSet<>();
      rounds.forEach(r -> covered.add(r.slot()));
      // A slot that began before the stop had its round begin (the one in flight finishes);
      // one that began in the last tenth of an interval before it may have lost the race.
      Instant lastStart = stoppedAt.minus(lateAfter);
      for (Instant s = first; !s.isAfter(lastStart); s = s.plus(interval)) {
        expected++;
        if (!covered.contains(s)) {
          missing++;
        }
      }
    }
    if (done.isEmpty()) {
      problems.add("no round was reported done");
    }
    List<Long> took = done.stream().map(r -> r.took().toMillis()).sorted().toList();
    return new SoakReport(
        heapSlope,
        rssSlope,
        fdGrowth,
        threadGrowth,
        range(settled.stream().map(ProcessSample::fds).toList()),
        range(settled.stream().map(ProcessSample::threads).toList()),
        expected,
        done.size(),
        (int) rounds.stream().filter(r -> r.failure().isPresent()).count(),
        missing,
        overlapping,
        late,
        (int) done.stream().filter(r -> r.paths() < paths || r.unprobed() > 0).count(),
        done.stream().mapToLong(ReportedRound::failing).sum(),
        took.isEmpty() ? -1 : took.get(took.size() / 2),
        took.isEmpty() ? -1 : took.get(took.size() - 1),
        List.copyOf(problems));
  }

  /** The last line of the soak: the verdict, every figure it rests on, and its bounds. */
  String verdictLine(SoakSettings s) {
    return String.format(
        Locale.ROOT,
        "soak: %s — after the first %s: heap after GC %+.2f MiB/min (bound %.2f), RSS %+.2f"
            + " MiB/min (bound %.2f), fds %+d (noise ±%d), threads %+d (noise ±%d); rounds: %d"
            + " done of %d slots, %d overlapping, %d late, %d missing, %d failed, %d incomplete"
            + "%s",
        passed() ? "PASS" : "FAIL",
        SoakSettings.text(s.warmup()),
        heapSlope,
        s.heapSlopeBound(),
        rssSlope,
        s.rssSlopeBound(),
        fdGrowth,
        s.fdNoise(),
        threadGrowth,
        s.threadNoise(),
        completed,
        expectedSlots,
        overlapping,
        late,
        missing,
        failed,
        incomplete,
        passed() ? "" : " — " + String.join("; ", problems));
  }

  /** Least-squares slope in MiB per minute; NaN with fewer than 3 points. */
  static double slope(List<ProcessSample> samples, boolean heap) {
    int n = samples.size();
    if (n < 3) {
      return Double.NaN;
    }
    double sx = 0;
    double sy = 0;
    for (ProcessSample s : samples) {
      sx += s.minutes();
      sy += heap ? s.heapMib() : s.rssMib();
    }
    double mx = sx / n;
    double my = sy / n;
    double num = 0;
    double den = 0;
    for (ProcessSample s : samples) {
      double dx = s.minutes() - mx;
      num += dx * ((heap ? s.heapMib() : s.rssMib()) - my);
      den += dx * dx;
    }
    return den == 0 ? Double.NaN : num / den;
  }

  /**
   * The median of the last few values less the median of the first few (a third of them, at most
   * three each): a level that moved, not one sample caught mid-round.
   */
  static int growth(List<Integer> values) {
    if (values.isEmpty()) {
      return 0;
    }
    int k = Math.max(1, Math.min(3, values.size() / 3));
    return median(values.subList(values.size() - k, values.size())) - median(values.subList(0, k));
  }

  private static int median(List<Integer> values) {
    List<Integer> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static int[] range(List<Integer> values) {
    return values.isEmpty()
        ? new int[] {0, 0}
        : new int[] {
          values.stream().mapToInt(Integer::intValue).min().getAsInt(),
          values.stream().mapToInt(Integer::intValue).max().getAsInt()
        };
  }
}
