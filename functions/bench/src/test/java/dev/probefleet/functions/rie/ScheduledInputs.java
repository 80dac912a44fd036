package dev.probefleet.functions.rie;

import java.time.Instant;

/** Invocation payloads as the schedules deliver them. */
public final class ScheduledInputs {
  private ScheduledInputs() {}

  /**
   * What an EventBridge Scheduler schedule of the stacks delivers: its {@code Input} alone (no
   * scheduled-event envelope), with {@code <aws.scheduler.scheduled-time>} filled in by the
   * scheduler with the time the schedule fired for.
   */
  public static String scheduler(String shard, Instant scheduledTime) {
    return "{\"shard\": \"" + shard + "\", \"scheduledTime\": \"" + scheduledTime + "\"}";
  }
}
