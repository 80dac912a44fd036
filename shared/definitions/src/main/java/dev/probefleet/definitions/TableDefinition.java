package dev.probefleet.definitions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One DynamoDB table: its logical name (the physical name adds a deployment prefix, see {@link
 * ResourceNames}), its key, its global secondary indexes and the attribute DynamoDB's TTL reads.
 * Tables are on-demand (pay per request): probe traffic is bursty and small.
 *
 * @param logicalName name without the deployment prefix, e.g. {@code rounds}
 * @param key the primary key
 * @param globalIndexes global secondary indexes
 * @param ttlAttribute attribute holding the expiry time in epoch seconds, if items expire
 * @param purpose what the table holds, for documentation
 */
public record TableDefinition(
    String logicalName,
    KeySchema key,
    List<IndexDefinition> globalIndexes,
    Optional<String> ttlAttribute,
    String purpose) {

  public TableDefinition {
    Objects.requireNonNull(logicalName, "logicalName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttlAttribute, "ttlAttribute");
    Objects.requireNonNull(purpose, "purpose");
    globalIndexes = List.copyOf(globalIndexes);
    if (!logicalName.matches("[a-z][a-z0-9-]{0,40}")) {
      throw new IllegalArgumentException(
          "table logical name must be lower-case letters, digits and '-': " + logicalName);
    }
    // DynamoDB refuses a table whose key attributes disagree on type; catch it here, not at deploy.
    attributeDefinitionsOf(key, globalIndexes);
  }

  /**
   * Every attribute used in the table's key or in an index key, each once, in first-seen order —
   * what {@code CreateTable} calls attribute definitions.
   */
  public List<KeyAttribute> keyAttributes() {
    return attributeDefinitionsOf(key, globalIndexes);
  }

  /** The index with this name. */
  public Optional<IndexDefinition> index(String name) {
    return globalIndexes.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  private static List<KeyAttribute> attributeDefinitionsOf(
      KeySchema key, List<IndexDefinition> indexes) {
    Map<String, KeyAttribute> byName = new LinkedHashMap<>();
    List<KeySchema> keys = new ArrayList<>();
    keys.add(key);
    indexes.forEach(i -> keys.add(i.key()));
    for (KeySchema k : keys) {
      for (KeyAttribute a : k.attributes()) {
        KeyAttribute seen = byName.putIfAbsent(a.name(), a);
        if (seen != null && seen.type() != a.type()) {
          throw new IllegalArgumentException(
              "key attribute " + a.name() + " is used as " + seen.type() + " and " + a.type());
        }
      }
    }
    return List.copyOf(byName.values());
  }
}
