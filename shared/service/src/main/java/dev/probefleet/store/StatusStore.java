package dev.probefleet.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** What {@code GET /v1/status} reads: each target's status as the analyzer last wrote it. */
public interface StatusStore {

  /**
   * The status of each named target that has one (a target never analysed is absent), read in
   * batches.
   */
  Map<String, TargetStatus> statuses(Collection<String> targets);

  /**
   * {@link #statuses(Collection)}, retried no later than {@code deadline} (a Lambda invocation's
   * remaining time). A store that never waits ignores it.
   */
  default Map<String, TargetStatus> statuses(Collection<String> targets, Instant deadline) {
    return statuses(targets);
  }
}
