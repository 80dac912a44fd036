package dev.probefleet.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scheduled events a schedule (or a hand-made test invocation) could deliver wrongly — a missing,
 * mistyped or enormous field — each refused with its exact message naming the field, before any
 * work is done. The message never echoes more than a few dozen characters of what it got, however
 * large the event. Prints the table {@code input → where → message} for the README.
 */
class MalformedScheduledEventsTest {
  private static final List<String> TABLE = new ArrayList<>();

  @AfterAll
  static void printTable() {
    System.out.println("input | where | message");
    System.out.println("--- | --- | ---");
    TABLE.forEach(System.out::println);
  }

  static Stream<Arguments> malformedEvents() {
    String huge = "9".repeat(5_000_000);
    Map<String, Object> wide = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      wide.put("key" + i, "value" + i);
    }
    wide.put("shard", "0/4/2");
    return Stream.of(
        row(
            "shard missing in a sharded fleet",
            Map.of("scheduledTime", "2026-11-24T09:01:00Z"),
            4,
            "shard: missing; the fleet is configured with 4 shards (probefleet.shards,"
                + " PROBEFLEET_SHARDS): give each schedule its shard as {\"shard\": \"i/4\"}"),
        row(
            "shard a number",
            Map.of("shard", 3),
            4,
            "shard: expected \"index/count\" such as \"0/4\", or {\"index\": 0, \"count\": 4}; got"
                + " the number 3"),
        row(
            "shard a list",
            Map.of("shard", List.of(0, 4)),
            4,
            "shard: expected \"index/count\" such as \"0/4\", or {\"index\": 0, \"count\": 4}; got"
                + " a list"),
        row(
            "shard index a fraction",
            Map.of("shard", Map.of("index", 1.5, "count", 4)),
            4,
            "shard: give index and count as whole numbers, e.g. {\"index\": 0, \"count\": 4};"
                + " index is the number 1.5"),
        row(
            "shard count too large for an int",
            Map.of("shard", Map.of("index", 0, "count", 10_000_000_000L)),
            4,
            "shard: give index and count as whole numbers, e.g. {\"index\": 0, \"count\": 4};"
                + " count is the number 10000000000"),
        row(
            "shard index out of range",
            Map.of("shard", "4/4"),
            4,
            "shard: shard index must be between 0 and 3, got 4"),
        row(
            "shard of another configuration",
            Map.of("shard", "1/8"),
            4,
            "shard: the input says 1/8 but the fleet is configured with 4 shard(s)"
                + " (probefleet.shards, PROBEFLEET_SHARDS): the schedules and the configuration"
                + " must agree, or targets go unprobed"),
        row(
            "shard a 5 MB string",
            Map.of("shard", huge),
            4,
            "shard: a shard is written index/count, e.g. 0/4; got '"
                + "9".repeat(80)
                + "… (5000000 characters)'"),
        row(
            "100,000 unknown keys and a bad shard",
            wide,
            4,
            "shard: a shard is written index/count, e.g. 0/4; got '0/4/2'"),
        row(
            "scheduledTime a number",
            Map.of("shard", "0/4", "scheduledTime", 1764925260),
            4,
            "scheduledTime: expected an ISO-8601 instant as a string, such as"
                + " \"2026-11-24T09:01:00Z\"; got the number 1764925260"),
        row(
            "scheduledTime an object",
            Map.of("shard", "0/4", "scheduledTime", Map.of("epoch", 1)),
            4,
            "scheduledTime: expected an ISO-8601 instant as a string, such as"
                + " \"2026-11-24T09:01:00Z\"; got an object"),
        row(
            "scheduledTime not a time",
            Map.of("shard", "0/4", "scheduledTime", "yesterday"),
            4,
            "scheduledTime: 'yesterday' is not an ISO-8601 instant such as 2026-11-24T09:01:00Z"),
        row(
            "scheduledTime a 5 MB string",
            Map.of("shard", "0/4", "scheduledTime", huge),
            4,
            "scheduledTime: '"
                + "9".repeat(80)
                + "… (5000000 characters)' is not an ISO-8601 instant such as"
                + " 2026-11-24T09:01:00Z"),
        row(
            "scheduledTime placeholder not replaced",
            Map.of("shard", "0/4", "scheduledTime", "<aws.scheduler.scheduled-time>"),
            4,
            "scheduledTime: '<aws.scheduler.scheduled-time>' was not replaced: the placeholder only"
                + " works in an EventBridge Scheduler schedule's input"),
        row(
            "scheduled-event envelope with a bad time",
            Map.of("detail-type", "Scheduled Event", "time", "2026-13-45T99:00:00Z"),
            1,
            "time: '2026-13-45T99:00:00Z' is not an ISO-8601 instant such as"
                + " 2026-11-24T09:01:00Z"));
  }

  private static Arguments row(
      String description, Map<String, Object> event, int shards, String message) {
    return Arguments.of(description, event, shards, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEvents")
  void eachMalformedEventIsRefusedNamingItsField(
      String description, Map<String, Object> event, int shards, String message) {
    Throwable thrown = catchThrowable(() -> ScheduledInvocation.parse(event).shardOf(shards));

    assertThat(thrown).isInstanceOf(InvalidInvocationException.class).hasMessage(message);
    assertThat(thrown.getMessage().length()).isLessThan(400);
    String field = message.substring(0, message.indexOf(':'));
    TABLE.add(description + " | " + field + " | " + message.replace("|", "\\|"));
  }
}
