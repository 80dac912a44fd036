package dev.probefleet.infra;

import java.time.Duration;

/**
 * The EventBridge Scheduler expression for a period. A cron expression, not {@code rate(…)}: a rate
 * schedule fires relative to the moment it was created (say at :37 every minute), a cron one at the
 * start of each slot, which is what the functions expect — the probe round of a slot runs inside
 * it, and the analyzer analyses the slot just over once the grace period has passed. Round slots
 * are aligned on multiples of the period since the epoch ({@code RoundSlot.containing}), so only
 * periods that divide an hour (or a day) line up with a cron schedule.
 */
final class ScheduleExpressions {
  private ScheduleExpressions() {}

  /**
   * The cron expression firing at the start of every period.
   *
   * @param key the context key, for messages
   * @throws InvalidContextException for a period that cannot be a slot-aligned schedule
   */
  static String cron(String key, Duration period) {
    long seconds = period.toSeconds();
    if (seconds < 60 || seconds % 60 != 0) {
      throw new InvalidContextException(
          key,
          seconds
              + "s is not a whole number of minutes: EventBridge Scheduler fires at most once a"
              + " minute, on the minute");
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      if (60 % minutes != 0) {
        throw new InvalidContextException(
            key,
            minutes
                + " minutes does not divide an hour: use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30"
                + " minutes, so each slot starts where the schedule fires");
      }
      return minutes == 1 ? "cron(* * * * ? *)" : "cron(0/" + minutes + " * * * ? *)";
    }
    long hours = minutes / 60;
    if (minutes % 60 != 0 || 24 % hours != 0) {
      throw new InvalidContextException(
          key, "a period of an hour or more must be 1, 2, 3, 4, 6, 8, 12 or 24 hours");
    }
    return hours == 24 ? "cron(0 0 * * ? *)" : "cron(0 0/" + hours + " * * ? *)";
  }
}
