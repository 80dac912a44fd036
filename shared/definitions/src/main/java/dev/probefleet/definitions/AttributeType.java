package dev.probefleet.definitions;

/** DynamoDB scalar types usable in keys. */
public enum AttributeType {
  /** DynamoDB {@code S}. */
  STRING,
  /** DynamoDB {@code N}. */
  NUMBER,
  /** DynamoDB {@code B}. */
  BINARY
}
