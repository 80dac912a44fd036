package dev.probefleet.run;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.probing.ProbeService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fleet's whole loop in one process ({@code probefleet run}): a round of every target at the
 * start of each slot of the interval ({@link ProbeService}), then its analysis ({@link
 * AnalyzerService}: incidents, alerts, the outbox), one after the other on the calling thread, so
 * rounds never overlap. The round's probes end before the slot does (a quarter of the interval),
 * leaving that to the analysis.
 *
 * <p>A round that runs past its slot is reported slow; the slots it overran are skipped and
 * counted, never stacked. A round starts only with at least half its slot ahead of it (the first
 * one, and one after a slow round, wait for the next slot otherwise), so every round has time to
 * probe. A round whose probing or analysis fails (the store unreachable, say) is reported and the
 * loop goes on with the next slot: what was written stays written, conditional writes make a
 * repeated one harmless.
 *
 * <p>{@link #stop()} lets the round in flight finish and ends the loop at once when it is waiting
 * for the next slot.
 */
public final class RoundLoop {
  /** The share of the interval kept for the analysis after the probes. */
  static final double ANALYSIS_SHARE = 0.25;

  /** Probes every target for a slot, by a deadline. */
  @FunctionalInterface
  interface Probing {
    ProbeReport probe(RoundSlot slot, Instant deadline);
  }

  /** Analyses a slot, by a deadline. */
  @FunctionalInterface
  interface Analysis {
    AnalysisReport analyze(RoundSlot slot, Instant deadline);
  }

  private final Probing probes;
  private final Analysis analyzer;
  private final Duration interval;
  private final Clock clock;
  private final Object monitor = new Object();
  private volatile boolean stopping;

  /** What one round did. */
  public record Cycle(
      int number,
      RoundSlot slot,
      Instant started,
      Duration took,
      List<RoundSlot> skipped,
      ProbeReport probe,
      AnalysisReport analysis) {
    public Cycle {
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(started, "started");
      Objects.requireNonNull(took, "took");
      skipped = List.copyOf(skipped);
      Objects.requireNonNull(probe, "probe");
      Objects.requireNonNull(analysis, "analysis");
    }

    /** Whether it ran past its slot. */
    public boolean slow() {
      return started.plus(took).isAfter(slot.next().start());
    }
  }

  /** Told of every round as it ends. */
  public interface Listener {
    /**
     * A round begins: its probes end by {@code probesBy}, its analysis by {@code analysisBy} (a
     * progress indicator's cue).
     */
    default void started(int number, RoundSlot slot, Instant probesBy, Instant analysisBy) {}

    /** A round probed and analysed. */
    void cycle(Cycle cycle);

    /** A round that failed; the loop goes on. */
    void failed(int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem);

    /** Every listener in turn, in the order given. */
    static Listener all(List<? extends Listener> listeners) {
      List<Listener> each = List.copyOf(listeners);
      return new Listener() {
        @Override
        public void started(int number, RoundSlot slot, Instant probesBy, Instant analysisBy) {
          each.forEach(l -> l.started(number, slot, probesBy, analysisBy));
        }

        @Override
        public void cycle(Cycle cycle) {
          each.forEach(l -> l.cycle(cycle));
        }

        @Override
        public void failed(
            int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
          each.forEach(l -> l.failed(number, slot, skipped, problem));
        }
      };
    }
  }

  public RoundLoop(
      ProbeService probes,
      AnalyzerService analyzer,
      String region,
      Duration interval,
      Clock clock) {
    this(
        (slot, deadline) ->
            Objects.requireNonNull(probes, "probes")
                .probe(Objects.requireNonNull(region, "region"), Shard.ALL, slot, deadline),
        Objects.requireNonNull(analyzer, "analyzer")::analyze,
        interval,
        clock);
  }

  RoundLoop(Probing probes, Analysis analyzer, Duration interval, Clock clock) {
    this.probes = Objects.requireNonNull(probes, "probes");
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs rounds until {@link #stop()} or {@code maxRounds} rounds (0: no limit).
   *
   * @return the rounds run, failed ones included
   */
  public int run(int maxRounds, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (maxRounds < 0) {
      throw new IllegalArgumentException("maxRounds must not be negative, got " + maxRounds);
    }
    int done = 0;
    Instant notBefore = null;
    while (!stopping && (maxRounds == 0 || done < maxRounds)) {
      Instant now = clock.instant();
      RoundSlot slot = RoundSlot.containing(now, interval);
      if (notBefore != null && slot.start().isBefore(notBefore)) {
        waitUntil(notBefore);
        continue;
      }
      if (Duration.between(now, slot.next().start()).compareTo(interval.dividedBy(2)) < 0) {
        waitUntil(slot.next().start());
        continue;
      }
      List<RoundSlot> skipped = new ArrayList<>();
      if (notBefore != null) {
        for (RoundSlot s = RoundSlot.containing(notBefore, interval);
            s.start().isBefore(slot.start());
            s = s.next()) {
          skipped.add(s);
        }
      }
      done++;
      Instant analysisBy = slot.next().start();
      Instant probesBy = analysisBy.minusMillis((long) (interval.toMillis() * ANALYSIS_SHARE));
      try {
        listener.started(done, slot, probesBy, analysisBy);
        ProbeReport probe = probes.probe(slot, probesBy);
        AnalysisReport analysis = analyzer.analyze(slot, analysisBy);
        listener.cycle(
            new Cycle(
                done, slot, now, Duration.between(now, clock.instant()), skipped, probe, analysis));
      } catch (RuntimeException e) {
        listener.failed(done, slot, skipped, e);
      }
      notBefore = slot.next().start();
    }
    return done;
  }

  /** Ends the loop: the round in flight finishes, a wait for the next slot ends now. */
  public void stop() {
    stopping = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /** Whether {@link #stop()} was called. */
  public boolean stopping() {
    return stopping;
  }

  private void waitUntil(Instant until) {
    synchronized (monitor) {
      while (!stopping) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        if (millis <= 0) {
          return;
        }
        try {
          monitor.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
          return;
        }
      }
    }
  }
}
