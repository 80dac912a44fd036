package dev.probefleet.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.store.WriteReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Rounds one per slot, never overlapping; slow ones reported, their overrun slots skipped. */
class RoundLoopTest {
  private static final Duration INTERVAL = Duration.ofMillis(400);

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private static ProbeReport probed(RoundSlot slot) {
    return new ProbeReport(
        "local",
        Shard.ALL,
        slot,
        List.of(),
        0,
        Optional.empty(),
        new WriteReport(0, List.of(), List.of()),
        List.of(),
        Duration.ZERO);
  }

  private static AnalysisReport analysed(RoundSlot slot) {
    return new AnalysisReport(slot, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  private RoundLoop.Probing probing(Duration... delays) {
    AtomicInteger n = new AtomicInteger();
    return (slot, deadline) -> {
      int now = inFlight.incrementAndGet();
      mostInFlight.accumulateAndGet(now, Math::max);
      calls.add("probe " + slot.id() + " by " + deadline);
      int i = n.getAndIncrement();
      try {
        Thread.sleep(i < delays.length ? delays[i].toMillis() : 10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      return probed(slot);
    };
  }

  private static final class Recorder implements RoundLoop.Listener {
    final List<RoundLoop.Cycle> cycles = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    @Override
    public void cycle(RoundLoop.Cycle cycle) {
      cycles.add(cycle);
    }

    @Override
    public void failed(
        int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
      failures.add(number + " " + problem.getMessage());
    }
  }

  @Test
  void oneRoundPerSlotInConsecutiveSlotsWithTheProbesDoneBeforeTheAnalysis() {
    Recorder recorder = new Recorder();
    RoundLoop loop =
        new RoundLoop(probing(), (slot, by) -> analysed(slot), INTERVAL, Clock.systemUTC());

    assertThat(loop.run(3, recorder)).isEqualTo(3);

    List<RoundLoop.Cycle> cycles = recorder.cycles;
    assertThat(cycles).extracting(RoundLoop.Cycle::number).containsExactly(1, 2, 3);
    for (int i = 1; i < cycles.size(); i++) {
      assertThat(cycles.get(i).slot()).isEqualTo(cycles.get(i - 1).slot().next());
      assertThat(cycles.get(i).skipped()).isEmpty();
    }
    // The probes end a quarter of the interval before the slot does.
    RoundLoop.Cycle first = cycles.get(0);
    assertThat(calls.get(0))
        .endsWith("by " + first.slot().next().start().minus(INTERVAL.dividedBy(4)));
    assertThat(cycles).noneMatch(RoundLoop.Cycle::slow);
  }

  @Test
  void aSlowRoundIsReportedAndTheSlotsItOverranAreSkippedNotStacked() {
    Recorder recorder = new Recorder();
    // The first round takes 2.5 intervals: two more slots begin while it runs.
    RoundLoop loop =
        new RoundLoop(
            probing(INTERVAL.multipliedBy(5).dividedBy(2)),
            (slot, by) -> analysed(slot),
            INTERVAL,
            Clock.systemUTC());

    loop.run(2, recorder);

    assertThat(mostInFlight.get()).as("rounds never overlap").isEqualTo(1);
    RoundLoop.Cycle slow = recorder.cycles.get(0);
    RoundLoop.Cycle next = recorder.cycles.get(1);
    assertThat(slow.slow()).isTrue();
    assertThat(next.slow()).isFalse();
    assertThat(next.skipped()).isNotEmpty();
    assertThat(next.skipped().get(0)).isEqualTo(slow.slot().next());
    assertThat(next.skipped()).last().isEqualTo(next.slot().previous());
    assertThat(next.started()).isAfterOrEqualTo(slow.started().plus(slow.took()));
  }

  @Test
  void aFailedRoundIsReportedAndTheLoopGoesOn() {
    Recorder recorder = new Recorder();
    AtomicInteger n = new AtomicInteger();
    RoundLoop loop =
        new RoundLoop(
            probing(),
            (slot, by) -> {
              if (n.getAndIncrement() == 0) {
                throw new IllegalStateException("store unreachable");
              }
              return analysed(slot);
            },
            INTERVAL,
            Clock.systemUTC());

    assertThat(loop.run(2, recorder)).isEqualTo(2);
    assertThat(recorder.failures).containsExactly("1 store unreachable");
    assertThat(recorder.cycles).extracting(RoundLoop.Cycle::number).containsExactly(2);
  }

  @Test
  void stopEndsAWaitAtOnceAndLetsTheRoundInFlightFinish() throws Exception {
    Recorder recorder = new Recorder();
    RoundLoop loop =
        new RoundLoop(
            probing(Duration.ofMillis(150)),
            (slot, by) -> analysed(slot),
            Duration.ofSeconds(30),
            Clock.systemUTC());
    Thread runner = new Thread(() -> loop.run(0, recorder));
    Instant start = Instant.now();
    runner.start();
    Thread.sleep(50);
    loop.stop();
    runner.join(5_000);

    assertThat(runner.isAlive()).isFalse();
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    // Either the first round was in flight and finished, or the loop was still waiting for a
    // slot with half its time ahead and ended without one: never a round cut in half.
    assertThat(recorder.cycles.size() + recorder.failures.size()).isLessThanOrEqualTo(1);
    assertThat(inFlight.get()).isZero();
  }
}
