package dev.probefleet.lambda;

import dev.probefleet.model.Shard;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scheduled invocation was asked to do: which shard, and for which scheduled time.
 *
 * <p>The schedules the stacks create (EventBridge Scheduler) deliver their {@code Input}
 * <em>instead of</em> the scheduled-event envelope: {@code {"shard": "2/8", "scheduledTime":
 * "<aws.scheduler.scheduled-time>"}}, the placeholder filled by the scheduler with the time the
 * schedule fired for. A retried invocation carries the same scheduled time, so it lands in the same
 * round slot as the first attempt, whatever the clock says. An EventBridge rule without an input
 * delivers the envelope ({@code "detail-type": "Scheduled Event", "time": …}): its {@code time} is
 * used. With neither, the invocation's own clock reading stands for the scheduled time.
 *
 * @param shard the shard, if the input names one
 * @param scheduledTime the time the schedule fired for, if the event says it
 */
public record ScheduledInvocation(Optional<Shard> shard, Optional<Instant> scheduledTime) {

  public ScheduledInvocation {
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(scheduledTime, "scheduledTime");
  }

  /**
   * The shard to work on, checked against the fleet's shard count: a schedule that disagrees with
   * the configuration would leave targets unprobed or probe them twice.
   *
   * @param configuredShards {@code probefleet.shards}
   * @throws InvalidInvocationException when the input's shard does not fit the configuration
   */
  public Shard shardOf(int configuredShards) {
    if (shard.isEmpty()) {
      if (configuredShards == 1) {
        return Shard.ALL;
      }
      throw new InvalidInvocationException(
          "shard: missing; the fleet is configured with "
              + configuredShards
              + " shards (probefleet.shards, PROBEFLEET_SHARDS): give each schedule its shard as"
              + " {\"shard\": \"i/"
              + configuredShards
              + "\"}");
    }
    Shard given = shard.get();
    if (given.count() != configuredShards) {
      throw new InvalidInvocationException(
          "shard: the input says "
              + given
              + " but the fleet is configured with "
              + configuredShards
              + " shard(s) (probefleet.shards, PROBEFLEET_SHARDS): the schedules and the"
              + " configuration must agree, or targets go unprobed");
    }
    return given;
  }

  /**
   * Reads an invocation's input.
   *
   * @param input the event as Lambda delivered it (a JSON object)
   * @throws InvalidInvocationException naming the field that is wrong
   */
  public static ScheduledInvocation parse(Map<String, Object> input) {
    if (input == null) {
      return new ScheduledInvocation(Optional.empty(), Optional.empty());
    }
    Optional<Shard> shard = Optional.ofNullable(input.get("shard")).map(ScheduledInvocation::shard);
    Object time = input.get("scheduledTime");
    String field = "scheduledTime";
    if (time == null && "Scheduled Event".equals(input.get("detail-type"))) {
      time = input.get("time");
      field = "time";
    }
    Optional<Instant> scheduled = Optional.empty();
    if (time != null) {
      if (!(time instanceof String)) {
        throw new InvalidInvocationException(
            field
                + ": expected an ISO-8601 instant as a string, such as"
                + " \"2026-11-24T09:01:00Z\"; got "
                + describe(time));
      }
      String text = ((String) time).trim();
      if (text.startsWith("<aws.scheduler")) {
        throw new InvalidInvocationException(
            field
                + ": '"
                + shown(text)
                + "' was not replaced: the placeholder only works in an EventBridge Scheduler"
                + " schedule's input");
      }
      try {
        scheduled = Optional.of(Instant.parse(text));
      } catch (DateTimeException e) {
        throw new InvalidInvocationException(
            field
                + ": '"
                + shown(text)
                + "' is not an ISO-8601 instant such as 2026-11-24T09:01:00Z");
      }
    }
    return new ScheduledInvocation(shard, scheduled);
  }

  private static Shard shard(Object value) {
    try {
      if (value instanceof Map<?, ?> map) {
        return new Shard(whole(map.get("index"), "index"), whole(map.get("count"), "count"));
      }
      if (!(value instanceof String text)) {
        throw new IllegalArgumentException(
            "expected \"index/count\" such as \"0/4\", or {\"index\": 0, \"count\": 4}; got "
                + describe(value));
      }
      if (text.length() > MAX_SHOWN) {
        throw new IllegalArgumentException(
            "a shard is written index/count, e.g. 0/4; got '" + shown(text) + "'");
      }
      return Shard.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInvocationException("shard: " + e.getMessage());
    }
  }

  /** A shard's index or count: a whole number that fits an int, never silently truncated. */
  private static int whole(Object value, String name) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long n = ((Number) value).longValue();
      if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
        return (int) n;
      }
    }
    throw new IllegalArgumentException(
        "give index and count as whole numbers, e.g. {\"index\": 0, \"count\": 4}; "
            + name
            + " is "
            + describe(value));
  }

  /** Values longer than this are cut where a message shows them: an event can be megabytes. */
  static final int MAX_SHOWN = 80;

  private static String shown(String text) {
    return text.length() <= MAX_SHOWN
        ? text
        : text.substring(0, MAX_SHOWN) + "… (" + text.length() + " characters)";
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String text) {
      return "the string '" + shown(text) + "'";
    }
    if (value instanceof Number number) {
      return "the number " + shown(number.toString());
    }
    if (value instanceof Boolean flag) {
      return "the boolean " + flag;
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof Iterable<?> || value.getClass().isArray()) {
      return "a list";
    }
    return "a " + value.getClass().getSimpleName();
  }
}
