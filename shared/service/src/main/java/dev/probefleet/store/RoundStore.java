package dev.probefleet.store;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * Probe rounds: one record per target, slot and region, written by the probe functions of every
 * region into the home region's store.
 *
 * <p><b>First write wins.</b> A round already stored for a target, slot and region is kept as it is
 * and reported as {@link WriteReport#kept()}: a retried probe invocation for the same slot never
 * replaces the evidence an analysis may already have drawn its verdict from. (Its fresh probes are
 * not lost evidence: they belong to a second attempt the first one already stands for.)
 *
 * <p>Reads take a deadline too: an analyzer near the end of its invocation gives up on a read
 * rather than outliving the invocation.
 */
public interface RoundStore {

  /**
   * Writes rounds, in parallel batches, retrying throttling, server errors and unprocessed items
   * until the deadline; a round already stored is kept ({@link WriteReport#kept()}).
   */
  WriteReport write(List<RoundRecord> rounds, Instant deadline);

  /** Every region's record of one target's slot, ordered by region. */
  List<RoundRecord> slot(String target, RoundSlot slot, Instant deadline);

  /**
   * Every region's records of a target's slots from {@code first} to {@code last} (both included,
   * same period), by slot, each slot's records ordered by region; slots without a record are
   * absent. One read, whatever the number of slots: the analyzer's re-analysis of the last few
   * slots.
   */
  SortedMap<RoundSlot, List<RoundRecord>> slots(
      String target, RoundSlot first, RoundSlot last, Instant deadline);

  /**
   * The most recent records of a target, newest slot first (all regions of a slot together), at
   * most {@code slots} slots.
   */
  List<RoundRecord> latest(String target, int slots);

  /**
   * {@link #latest(String, int)}, its reads retried no later than {@code deadline} (a query API
   * request's: an answer before the invocation's end rather than a gateway timeout).
   */
  default List<RoundRecord> latest(String target, int slots, Instant deadline) {
    return latest(target, slots);
  }
}
