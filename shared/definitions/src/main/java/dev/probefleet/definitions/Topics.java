package dev.probefleet.definitions;

import java.util.List;

/** probefleet's SNS topics. */
public final class Topics {

  /**
   * Incident transitions (opened, updated, resolved). A standard topic: delivery is at least once,
   * so every message carries a stable {@code alertId} to de-duplicate on.
   */
  public static final TopicDefinition ALERTS =
      new TopicDefinition(
          "alerts",
          List.of("alertId", "target", "layer", "cause", "severity", "state", "regions"),
          "incident transitions for people and systems to subscribe to");

  private Topics() {}

  /** Every topic. */
  public static List<TopicDefinition> all() {
    return List.of(ALERTS);
  }
}
