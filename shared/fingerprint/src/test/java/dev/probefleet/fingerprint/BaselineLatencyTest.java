package dev.probefleet.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.PhaseTimings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The usual latency a baseline learns from healthy answers: the median of the last {@link
 * BaselineLearner#LATENCY_WINDOW} timings, written only while it is being learned or when a slot's
 * timings do not fit it.
 */
class BaselineLatencyTest {
  private final BaselineLearner learner = BaselineLearner.DEFAULT;

  /** A healthy answer: connect 1 ms, write 0.1 ms, first byte after {@code ttfbMs}, 2 ms body. */
  private static PhaseTimings answer(double ttfbMs) {
    long ttfb = (long) (ttfbMs * 1_000_000);
    return new PhaseTimings(null, 1_000_000L, null, 100_000L, ttfb, 2_000_000L, ttfb + 3_100_000L);
  }

  private static long ms(double ms) {
    return (long) (ms * 1_000_000);
  }

  /** Slot by slot as the analyzer learns it: three regions, each a healthy answer. */
  private PathBaseline learnedSlots(PathBaseline from, double ttfbMs, int slots) {
    PathBaseline baseline = from;
    for (int i = 0; i < slots; i++) {
      Optional<PathBaseline> next =
          learner.update(
              baseline, List.of(), List.of(answer(ttfbMs), answer(ttfbMs + 4), answer(ttfbMs - 4)));
      baseline = next.orElse(baseline);
    }
    return baseline;
  }

  @Test
  void theUsualLatencyIsTheMedianOfRecentHealthyAnswers() {
    PathBaseline b = PathBaseline.empty("shop/origin[0]");
    b = learner.learn(b, answer(40));
    b = learner.learn(b, answer(45));
    assertThat(b.usualTtfb()).as("two answers are no habit yet").isEmpty();

    b = learner.learn(b, answer(900)); // one slow answer does not make the path slow
    assertThat(b.usualTtfb()).contains(ms(45));
    assertThat(b.usualTotal()).contains(ms(45) + 3_100_000L);
    b = learner.learn(b, answer(42));
    assertThat(b.usualTtfb()).contains((ms(42) + ms(45)) / 2);
  }

  @Test
  void keepsTheLastWindowOfTimingsSoAPathThatSlowsDownIsRelearned() {
    PathBaseline fast = learnedSlots(PathBaseline.empty("shop/origin[0]"), 40, 10);
    assertThat(fast.latencies()).hasSize(BaselineLearner.LATENCY_WINDOW);
    assertThat(fast.usualTtfb()).contains(ms(40));

    PathBaseline slow = learnedSlots(fast, 1200, 10);
    assertThat(slow.latencies()).hasSize(BaselineLearner.LATENCY_WINDOW);
    assertThat(slow.usualTtfb()).get().satisfies(t -> assertThat(t).isBetween(ms(1190), ms(1210)));
  }

  @Test
  void aSettledLatencyIsNotRewrittenForTimingsThatFitIt() {
    PathBaseline settled = learnedSlots(PathBaseline.empty("shop/lb"), 120, 10);
    assertThat(settled.latencies()).hasSize(BaselineLearner.LATENCY_WINDOW);

    assertThat(learner.update(settled, List.of(), List.of(answer(110), answer(190), answer(70))))
        .as("within a factor of two of 120 ms: nothing worth a write")
        .isEmpty();
    assertThat(learner.update(settled, List.of(), List.of(answer(130), answer(400))))
        .as("an answer at 400 ms does not fit 120 ms: written, so a slower path is relearned")
        .get()
        .satisfies(b -> assertThat(b.latencies().getLast().ttfbNanos()).isEqualTo(ms(400)));
  }

  @Test
  void aFastPathIgnoresNoiseOfAFewMilliseconds() {
    PathBaseline local = learnedSlots(PathBaseline.empty("shop/origin[0]"), 5, 10);
    assertThat(learner.update(local, List.of(), List.of(answer(1), answer(30)))).isEmpty();
  }

  @Test
  void timingsAndGeneratorCountsAreLearnedSideBySide() {
    List<PathBaseline.Latency> latencies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      latencies.add(new PathBaseline.Latency(ms(50), ms(55)));
    }
    PathBaseline b =
        new PathBaseline("shop/lb", java.util.Map.of("nginx", 5), java.util.Map.of(), 5, latencies);
    PathBaseline more =
        learner.learn(
            b,
            new dev.probefleet.model.Fingerprint(
                "nginx",
                dev.probefleet.model.Fingerprint.Role.WEB_SERVER,
                List.of(),
                "",
                0.9,
                List.of()));
    assertThat(more.latencies()).isEqualTo(latencies);
    assertThat(more.generators()).containsEntry("nginx", 6);
  }

  @Test
  void rejectsNegativeTimings() {
    assertThatThrownBy(() -> new PathBaseline.Latency(-1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }
}
