package dev.probefleet.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A partition key and an optional sort key.
 *
 * @param partitionKey the hash key
 * @param sortKey the range key, if any
 */
public record KeySchema(KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
  public KeySchema {
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(sortKey, "sortKey");
  }

  /** A key with a partition key only. */
  public static KeySchema of(KeyAttribute partitionKey) {
    return new KeySchema(partitionKey, Optional.empty());
  }

  /** A composite key. */
  public static KeySchema of(KeyAttribute partitionKey, KeyAttribute sortKey) {
    return new KeySchema(partitionKey, Optional.of(sortKey));
  }

  /** The key attributes, partition key first. */
  public List<KeyAttribute> attributes() {
    List<KeyAttribute> all = new ArrayList<>(2);
    all.add(partitionKey);
    sortKey.ifPresent(all::add);
    return List.copyOf(all);
  }
}
