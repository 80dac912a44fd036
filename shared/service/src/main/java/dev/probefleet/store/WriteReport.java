package dev.probefleet.store;

import java.util.List;

/**
 * What a batch write achieved: everything written, or the keys that could not be written before the
 * deadline and why. Callers log and count the failures (and the next run retries where the data
 * still exists); nothing is dropped without a trace.
 *
 * @param written number of items written
 * @param failed items not written, each with its key and the last error
 */
public record WriteReport(int written, List<Failure> failed) {

  /**
   * One item that could not be written.
   *
   * @param key a readable key, e.g. {@code shop/2026-11-24T09:01:00Z#us-east-1}
   * @param reason the last error
   */
  public record Failure(String key, String reason) {}

  public WriteReport {
    failed = List.copyOf(failed);
  }

  /** True when every item was written. */
  public boolean complete() {
    return failed.isEmpty();
  }
}
