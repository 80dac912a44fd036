package dev.probefleet.definitions;

import java.util.Objects;

/**
 * A global secondary index. All of probefleet's indexes project every attribute, so a query on an
 * index never needs a second read of the base table.
 *
 * @param name index name
 * @param key the index key; items missing either key attribute are not in the index (a sparse
 *     index), which is how "open incidents" and "pending alerts" stay small
 * @param purpose the access pattern this index serves, for documentation
 */
public record IndexDefinition(String name, KeySchema key, String purpose) {
  public IndexDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(purpose, "purpose");
  }
}
