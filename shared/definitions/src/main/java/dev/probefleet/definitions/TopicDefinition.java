package dev.probefleet.definitions;

import java.util.List;
import java.util.Objects;

/**
 * One SNS topic: its logical name and the message attributes every message carries, which is what
 * subscribers can write filter policies against.
 *
 * @param logicalName name without the deployment prefix, e.g. {@code alerts}
 * @param messageAttributes names of the message attributes on every message
 * @param purpose what the topic carries, for documentation
 */
public record TopicDefinition(String logicalName, List<String> messageAttributes, String purpose) {
  public TopicDefinition {
    Objects.requireNonNull(logicalName, "logicalName");
    Objects.requireNonNull(purpose, "purpose");
    messageAttributes = List.copyOf(messageAttributes);
    if (!logicalName.matches("[a-z][a-z0-9-]{0,40}")) {
      throw new IllegalArgumentException(
          "topic logical name must be lower-case letters, digits and '-': " + logicalName);
    }
  }
}
