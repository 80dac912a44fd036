package dev.probefleet.store;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import java.time.Instant;
import java.util.List;

/** Probe rounds: one record per target, slot and region, written by the probe functions. */
public interface RoundStore {

  /**
   * Writes rounds, retrying throttling, server errors and unprocessed items until the deadline.
   * Writing the same round twice (a retried invocation) overwrites it with the same content.
   */
  WriteReport write(List<RoundRecord> rounds, Instant deadline);

  /** Every region's record of one target's slot, ordered by region. */
  List<RoundRecord> slot(String target, RoundSlot slot);

  /**
   * The most recent records of a target, newest slot first (all regions of a slot together), at
   * most {@code slots} slots.
   */
  List<RoundRecord> latest(String target, int slots);
}
