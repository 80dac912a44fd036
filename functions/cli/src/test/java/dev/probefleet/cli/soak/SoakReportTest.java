package dev.probefleet.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The soak's judgement on synthetic samples and rounds: what passes, what fails and why, the
 * warm-up left out, and late, missing, failed and overlapping rounds counted.
 */
class SoakReportTest {
  private static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");
  private static final SoakSettings SETTINGS =
      SoakSettings.parse(List.of("duration=10m", "interval=10s", "sample=10s"));

  /** A sample every 10 s for 10 minutes, each value from its index. */
  private static List<ProcessSample> samples(
      IntFunction<Double> rssMib,
      IntFunction<Double> heapMib,
      IntFunction<Integer> fds,
      IntFunction<Integer> threads) {
    List<ProcessSample> out = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      out.add(
          new ProcessSample(
              T0.plusSeconds(10L * i),
              10.0 * i,
              (long) (rssMib.apply(i) * 1024),
              (long) (heapMib.apply(i) * 1024),
              fds.apply(i),
              threads.apply(i),
              i * 50L,
              i,
              300));
    }
    return out;
  }

  /** One round per 10 s slot from the slot at T0 + 10 s, each starting 5 ms in, taking 2 s. */
  private static List<ReportedRound> rounds(int count) {
    List<ReportedRound> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(round(i, T0.plusSeconds(10L * i), 5, 2_000));
    }
    return out;
  }

  private static ReportedRound round(int number, Instant slot, long startMs, long tookMs) {
    Instant started = slot.plusMillis(startMs);
    return new ReportedRound(
        number,
        slot,
        Optional.of(started),
        Duration.ofMillis(tookMs),
        started.plusMillis(tookMs).isAfter(slot.plusSeconds(10)),
        0,
        3000,
        0,
        0,
        Optional.empty());
  }

  private static final Instant STOP = T0.plusSeconds(605);

  @Test
  void aFlatProcessWithSamplingNoisePasses() {
    List<ProcessSample> flat =
        samples(i -> 300.0 + (i % 3) * 1.5, i -> 40.0 + (i % 2) * 0.4, i -> 30 + i % 3, i -> 25);

    SoakReport report = SoakReport.judge(SETTINGS, flat, rounds(60), STOP, 3000);

    assertThat(report.problems()).isEmpty();
    assertThat(report.heapSlope()).isBetween(-0.2, 0.2);
    assertThat(report.rssSlope()).isBetween(-0.5, 0.5);
    assertThat(report.fdGrowth()).isBetween(-2, 2);
    assertThat(report.threadGrowth()).isZero();
    assertThat(report.expectedSlots()).isEqualTo(60); // slots at 10 s … 600 s began by the stop
    assertThat(report.completed()).isEqualTo(60);
    assertThat(report.missing() + report.late() + report.overlapping() + report.failed()).isZero();
    assertThat(report.verdictLine(SETTINGS))
        .startsWith("soak: PASS — after the first 2m: heap after GC ")
        .contains("(bound 1.00)", "fds ", "(noise ±4)", "0 overlapping, 0 late, 0 missing");
  }

  @Test
  void aHeapLeakOfTwoMibPerMinuteFailsWithItsSlope() {
    // 2 MiB a minute: 1/3 MiB per 10 s sample.
    List<ProcessSample> leaking =
        samples(i -> 300.0 + i / 3.0, i -> 40.0 + i / 3.0, i -> 30, i -> 25);

    SoakReport report = SoakReport.judge(SETTINGS, leaking, rounds(60), STOP, 3000);

    assertThat(report.heapSlope()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(report.passed()).isFalse();
    assertThat(report.problems()).containsExactly("heap after GC grows 2.00 MiB/min (bound 1.00)");
    assertThat(report.verdictLine(SETTINGS)).startsWith("soak: FAIL").endsWith("(bound 1.00)");
  }

  @Test
  void descriptorsAndThreadsThatKeepGrowingFail() {
    List<ProcessSample> growing = samples(i -> 300.0, i -> 40.0, i -> 30 + i, i -> 25 + i / 10);

    SoakReport report = SoakReport.judge(SETTINGS, growing, rounds(60), STOP, 3000);

    // After the first 2 minutes (sample 12 on): fds 42..90, threads 26..31; the medians of the
    // first and last three samples: fds 43 and 89, threads 26 and 30.
    assertThat(report.fdGrowth()).isEqualTo(46);
    assertThat(report.threadGrowth()).isEqualTo(4);
    assertThat(report.fdRange()).containsExactly(42, 90);
    assertThat(report.problems())
        .containsExactly("open descriptors grew by 46 (noise ±4)", "threads grew by 4 (noise ±2)");
  }

  @Test
  void whatHappensDuringTheWarmUpIsShownButNotJudged() {
    // Heap, RSS and threads climb steeply for two minutes (JIT, pools, caches), then hold.
    List<ProcessSample> settling =
        samples(
            i -> 100.0 + Math.min(i, 12) * 20,
            i -> 10.0 + Math.min(i, 12) * 3,
            i -> 10 + Math.min(i, 12),
            i -> 12 + Math.min(i, 12));

    SoakReport report = SoakReport.judge(SETTINGS, settling, rounds(60), STOP, 3000);

    assertThat(report.problems()).isEmpty();
    assertThat(report.rssSlope()).isZero();
    assertThat(report.heapSlope()).isZero();
  }

  @Test
  void overlappingLateMissingAndFailedRoundsAreCounted() {
    List<ReportedRound> rounds = new ArrayList<>(rounds(60));
    // Round 10 runs 12 s, past its slot; round 11 starts before it ended.
    rounds.set(9, round(10, T0.plusSeconds(100), 5, 12_000));
    // Round 20 starts 3 s into its slot (late: over a tenth of the interval).
    rounds.set(19, round(20, T0.plusSeconds(200), 3_000, 2_000));
    // Slots 30 and 31 have no round at all; slot 40's round failed.
    rounds.removeIf(r -> r.number() == 30 || r.number() == 31);
    rounds.replaceAll(
        r ->
            r.number() == 40
                ? new ReportedRound(
                    40,
                    r.slot(),
                    Optional.empty(),
                    Duration.ZERO,
                    false,
                    0,
                    0,
                    0,
                    0,
                    Optional.of("store unreachable"))
                : r);
    List<ProcessSample> flat = samples(i -> 300.0, i -> 40.0, i -> 30, i -> 25);

    SoakReport report = SoakReport.judge(SETTINGS, flat, rounds, STOP, 3000);

    assertThat(report.overlapping()).isEqualTo(1);
    assertThat(report.late()).isEqualTo(2);
    assertThat(report.missing()).isEqualTo(2);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.completed()).isEqualTo(57);
    assertThat(report.tookMaxMillis()).isEqualTo(12_000);
    // Only the overlap fails the verdict; the rest is counted.
    assertThat(report.problems())
        .containsExactly("1 round(s) started before the one before had ended");
    assertThat(report.verdictLine(SETTINGS))
        .contains("57 done of 60 slots, 1 overlapping, 2 late, 2 missing, 1 failed");
  }

  @Test
  void aFleetThatFallsSilentMissesEverySlotUpToTheStop() {
    List<ProcessSample> flat = samples(i -> 300.0, i -> 40.0, i -> 30, i -> 25);

    SoakReport report = SoakReport.judge(SETTINGS, flat, rounds(50), STOP, 3000);

    assertThat(report.expectedSlots()).isEqualTo(60);
    assertThat(report.missing()).isEqualTo(10);
    // Stopped 0.5 s into slot 600: that slot's round may not have begun, and is not expected.
    SoakReport stoppedEarly =
        SoakReport.judge(SETTINGS, flat, rounds(59), T0.plusMillis(600_500), 3000);
    assertThat(stoppedEarly.expectedSlots()).isEqualTo(59);
    assertThat(stoppedEarly.missing()).isZero();
  }

  @Test
  void aRoundProbingFewerPathsThanTheFleetHasIsIncomplete() {
    List<ReportedRound> rounds = new ArrayList<>(rounds(10));
    ReportedRound r = rounds.get(4);
    rounds.set(
        4,
        new ReportedRound(
            r.number(),
            r.slot(),
            r.startedAt(),
            r.took(),
            false,
            0,
            2990,
            4,
            10,
            Optional.empty()));

    SoakReport report =
        SoakReport.judge(SETTINGS, samples(i -> 1.0, i -> 1.0, i -> 1, i -> 1), rounds, STOP, 3000);

    assertThat(report.incomplete()).isEqualTo(1);
    assertThat(report.failingPaths()).isEqualTo(4);
  }

  @Test
  void settingsDefaultToTheIssuesSoakAndNameABadArgument() {
    SoakSettings defaults = SoakSettings.parse(List.of());
    assertThat(defaults.describe())
        .isEqualTo(
            "targets=1000 origins=1 interval=10s duration=10m sample=10s warmup=2m store=local");
    // A short soak keeps two thirds of itself for judging.
    assertThat(SoakSettings.parse(List.of("duration=2m")).warmup())
        .isEqualTo(Duration.ofSeconds(40));
    assertThatThrownBy(() -> SoakSettings.parse(List.of("target=10")))
        .isInstanceOf(SoakException.class)
        .hasMessageStartingWith("SOAK_ARGS: unknown key 'target' (keys: [targets, ");
    assertThatThrownBy(() -> SoakSettings.parse(List.of("interval=10")))
        .hasMessage("SOAK_ARGS: interval=10 is not a duration (500ms, 10s, 2m, 1h)");
    assertThatThrownBy(() -> SoakSettings.parse(List.of("store=aws")))
        .hasMessage("SOAK_ARGS: store must be memory or local, got 'aws'");
    assertThatThrownBy(() -> SoakSettings.parse(List.of("duration=30s")))
        .hasMessageContaining("must hold at least 6 samples");
  }
}
