package dev.probefleet.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Targets the registry cannot hold: each would be stored as an item larger than the store allows
 * (DynamoDB's 400 KB, CA bundles inlined). Thrown before anything is written, naming every such
 * target with its size, so a file is applied whole or not at all.
 */
public final class TargetTooLargeException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final Map<String, Long> sizes;
  private final long limit;

  /**
   * @param sizes the size in bytes of each oversized target's item, by name, in file order
   * @param limit the largest item the store holds, in bytes
   */
  public TargetTooLargeException(Map<String, Long> sizes, long limit) {
    super(message(sizes, limit));
    this.sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
    this.limit = limit;
  }

  /** The size in bytes of each oversized target's stored item, by name. */
  public Map<String, Long> sizes() {
    return sizes;
  }

  /** The largest item the store holds, in bytes. */
  public long limit() {
    return limit;
  }

  private static String message(Map<String, Long> sizes, long limit) {
    return sizes.entrySet().stream()
            .map(e -> "target " + e.getKey() + " would be stored as " + e.getValue() + " bytes")
            .collect(Collectors.joining("; "))
        + ", over the store's item limit of "
        + limit
        + " bytes (DynamoDB's 400 KB; CA bundles are stored inline): nothing was written";
  }
}
