package dev.probefleet.definitions;

import java.util.Objects;

/**
 * An attribute used in a table's or an index's key.
 *
 * @param name attribute name as stored
 * @param type its scalar type
 */
public record KeyAttribute(String name, AttributeType type) {
  public KeyAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("key attribute name is blank");
    }
  }

  /** A string key attribute. */
  public static KeyAttribute string(String name) {
    return new KeyAttribute(name, AttributeType.STRING);
  }

  /** A number key attribute. */
  public static KeyAttribute number(String name) {
    return new KeyAttribute(name, AttributeType.NUMBER);
  }
}
