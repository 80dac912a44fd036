package dev.probefleet.metrics;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.Severity;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the services report their measurements. An implementation may aggregate and write on {@link
 * #flush()}; the services call it at the end of each run.
 */
public interface MetricsSink {

  /** One region's round of one target: per path, success, failure class and timings. */
  void round(RoundRecord round);

  /** The analyzer's verdict for one target and slot. */
  void verdict(String target, String region, Layer layer, Cause cause, Severity severity);

  /**
   * One scheduled probe round of a region's shard.
   *
   * @param paths paths probed
   * @param failing paths whose answer failed
   * @param unprobed paths not probed for the prober's own reasons
   * @param unwritten rounds that could not be stored
   * @param elapsed the round's duration, writes included
   */
  default void probeRun(
      String region, int paths, int failing, int unprobed, int unwritten, Duration elapsed) {}

  /**
   * One analyzer run.
   *
   * @param slotLag from the end of the newest slot analysed to the end of the run: how far behind
   *     real time the fleet's verdicts are
   * @param elapsed the run's duration
   * @param analysed targets analysed
   * @param failed targets whose analysis failed (retried next run)
   * @param skipped targets not reached before the deadline
   * @param silentRegions expected regions that sent no round for the slot, per target summed
   */
  default void analyzerRun(
      Duration slotLag,
      Duration elapsed,
      int analysed,
      int failed,
      int skipped,
      int silentRegions) {}

  /**
   * The outbox after a run.
   *
   * @param pending alerts waiting (a lower bound when {@code pendingIsLowerBound})
   * @param oldestPending the age of the oldest pending alert, if any
   * @param published alerts published by the run
   * @param failed publications that failed in the run (the alerts stay pending)
   * @param deadLettered alerts the run gave up
   */
  default void outbox(
      int pending,
      boolean pendingIsLowerBound,
      Optional<Duration> oldestPending,
      int published,
      int failed,
      int deadLettered) {}

  /** Writes what was aggregated since the last flush. */
  default void flush() {}

  /** A sink that drops everything (tests of other things; a local run without metrics). */
  MetricsSink NONE =
      new MetricsSink() {
        @Override
        public void round(RoundRecord round) {}

        @Override
        public void verdict(
            String target, String region, Layer layer, Cause cause, Severity severity) {}
      };
}
