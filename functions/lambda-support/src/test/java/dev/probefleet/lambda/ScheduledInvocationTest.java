package dev.probefleet.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.Shard;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduledInvocationTest {

  /** The input an EventBridge Scheduler schedule of the stacks delivers, placeholder filled. */
  @Test
  void readsTheSchedulersInput() {
    ScheduledInvocation invocation =
        ScheduledInvocation.parse(Map.of("shard", "2/8", "scheduledTime", "2026-11-24T09:01:00Z"));

    assertThat(invocation.shardOf(8)).isEqualTo(new Shard(2, 8));
    assertThat(invocation.scheduledTime()).contains(Instant.parse("2026-11-24T09:01:00Z"));
  }

  @Test
  void readsTheShardAsAnObjectToo() {
    assertThat(
            ScheduledInvocation.parse(Map.of("shard", Map.of("index", 1, "count", 4))).shardOf(4))
        .isEqualTo(new Shard(1, 4));
  }

  /** AWS's documented example of a scheduled event (an EventBridge rule without an input). */
  @Test
  void takesTheTimeOfAScheduledEventEnvelope() {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "0");
    event.put("id", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
    event.put("detail-type", "Scheduled Event");
    event.put("source", "aws.events");
    event.put("account", "123456789012");
    event.put("time", "2015-10-08T16:53:06Z");
    event.put("region", "us-east-1");
    event.put("resources", List.of("arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"));
    event.put("detail", Map.of());

    ScheduledInvocation invocation = ScheduledInvocation.parse(event);

    assertThat(invocation.scheduledTime()).contains(Instant.parse("2015-10-08T16:53:06Z"));
    assertThat(invocation.shardOf(1)).isEqualTo(Shard.ALL);
  }

  @Test
  void withoutATimeOrAShardNeitherIsGiven() {
    ScheduledInvocation invocation = ScheduledInvocation.parse(Map.of());

    assertThat(invocation.scheduledTime()).isEmpty();
    assertThat(invocation.shard()).isEmpty();
    assertThat(ScheduledInvocation.parse(null).shard()).isEqualTo(Optional.empty());
  }

  @Test
  void anUnreplacedPlaceholderIsNamed() {
    assertThatThrownBy(
            () ->
                ScheduledInvocation.parse(
                    Map.of("scheduledTime", "<aws.scheduler.scheduled-time>")))
        .isInstanceOf(InvalidInvocationException.class)
        .hasMessageContaining("scheduledTime")
        .hasMessageContaining("was not replaced");
  }

  @Test
  void aMalformedTimeIsNamed() {
    assertThatThrownBy(() -> ScheduledInvocation.parse(Map.of("scheduledTime", "yesterday")))
        .isInstanceOf(InvalidInvocationException.class)
        .hasMessageContaining("scheduledTime: 'yesterday' is not an ISO-8601 instant");
  }

  @Test
  void aMalformedShardIsNamed() {
    assertThatThrownBy(() -> ScheduledInvocation.parse(Map.of("shard", "3")))
        .isInstanceOf(InvalidInvocationException.class)
        .hasMessageStartingWith("shard: ");
    assertThatThrownBy(() -> ScheduledInvocation.parse(Map.of("shard", "4/4")))
        .isInstanceOf(InvalidInvocationException.class)
        .hasMessageContaining("shard index must be between 0 and 3");
    assertThatThrownBy(() -> ScheduledInvocation.parse(Map.of("shard", Map.of("index", "a"))))
        .isInstanceOf(InvalidInvocationException.class)
        .hasMessageContaining("give index and count as whole numbers");
  }

  @Test
  void aShardThatDisagreesWithTheConfigurationIsRefused() {
    ScheduledInvocation invocation = ScheduledInvocation.parse(Map.of("shard", "1/4"));

    assertThatThrownBy(() -> invocation.shardOf(8))
        .isInstanceOf(InvalidInvocationException.class)
        .hasMessageContaining("the input says 1/4 but the fleet is configured with 8 shard(s)")
        .hasMessageContaining("PROBEFLEET_SHARDS");
  }

  @Test
  void aShardedFleetNeedsTheShardInTheInput() {
    assertThatThrownBy(() -> ScheduledInvocation.parse(Map.of()).shardOf(4))
        .isInstanceOf(InvalidInvocationException.class)
        .hasMessageContaining("shard: missing")
        .hasMessageContaining("\"i/4\"");
  }
}
