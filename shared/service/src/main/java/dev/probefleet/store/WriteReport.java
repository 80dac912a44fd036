package dev.probefleet.store;

import java.util.List;

/**
 * What a batch write achieved: what was written, what was already there and kept (first write
 * wins), and the keys that could not be written before the deadline and why. Callers log and count
 * the failures; nothing is dropped without a trace.
 *
 * @param written number of items written
 * @param kept readable keys of items already stored, left as they were
 * @param failed items not written, each with its key and the last error
 */
public record WriteReport(int written, List<String> kept, List<Failure> failed) {

  /**
   * One item that could not be written.
   *
   * @param key a readable key, e.g. {@code shop/2026-11-24T09:01:00Z#us-east-1}
   * @param reason the last error
   */
  public record Failure(String key, String reason) {}

  public WriteReport {
    kept = List.copyOf(kept);
    failed = List.copyOf(failed);
  }

  /** Everything written, nothing kept. */
  public static WriteReport written(int count) {
    return new WriteReport(count, List.of(), List.of());
  }

  /** True when every item is stored (written now, or kept from an earlier write). */
  public boolean complete() {
    return failed.isEmpty();
  }

  /** The sum of two reports. */
  public WriteReport plus(WriteReport other) {
    List<String> k = new java.util.ArrayList<>(kept);
    k.addAll(other.kept);
    List<Failure> f = new java.util.ArrayList<>(failed);
    f.addAll(other.failed);
    return new WriteReport(written + other.written, k, f);
  }
}
