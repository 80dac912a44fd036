package dev.probefleet.functions.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.probefleet.lambda.FakeLambdaContext;
import dev.probefleet.lambda.InvalidInvocationException;
import dev.probefleet.lambda.LambdaContexts;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The probe function as Lambda calls it, one container (one function instance) given garbage events
 * one after the other: each invocation fails with an {@link InvalidInvocationException} naming the
 * field, no round is written for any of them, and the same container then probes the next good
 * event as if nothing had happened. The in-memory stores stand in for DynamoDB: what is checked is
 * what the function writes, not how DynamoDB keeps it.
 */
class MalformedEventsProbeFunctionTest {
  private static final String TARGET = "shop";

  @Test
  void garbageEventsFailNamingTheFieldStoreNothingAndTheContainerProbesTheNextGoodOne()
      throws IOException {
    Map<String, Object> props = new HashMap<>();
    props.put("probefleet.region", "eu-west-1");
    props.put("probefleet.home-region", "eu-west-1");
    props.put("probefleet.store.kind", "memory");
    props.put("probefleet.shards", 2);
    props.put("probefleet.probe.default-timeout", "2s");
    props.put("probefleet.probe.confirmation-delay", "100ms");
    props.put("probefleet.lambda.prime-at-init", false);
    Shard shard = new Shard(new Shard(0, 2).contains(TARGET) ? 0 : 1, 2);
    try (ProbeFunction function = new ProbeFunction(LambdaContexts.builder(props))) {
      var context = function.getApplicationContext();
      context.getBean(TargetRegistry.class).apply(List.of(refusing()), true);
      RoundStore rounds = context.getBean(RoundStore.class);

      Map<String, Object> hugeTime = new HashMap<>();
      hugeTime.put("shard", shard.toString());
      hugeTime.put("scheduledTime", "x".repeat(8_000_000));
      List<Map<String, Object>> garbage =
          Arrays.asList(
              null,
              Map.of("shard", 1),
              Map.of("shard", Map.of("index", 0.5, "count", 2)),
              Map.of("shard", "0/8"),
              Map.of("shard", shard.toString(), "scheduledTime", List.of("2026")),
              hugeTime);
      List<String> fields = List.of("shard", "shard", "shard", "shard", "scheduledTime");
      for (int i = 0; i < garbage.size(); i++) {
        Map<String, Object> event = garbage.get(i);
        Throwable thrown =
            catchThrowable(
                () ->
                    function.handleRequest(
                        event, FakeLambdaContext.withTimeout("probe", Duration.ofSeconds(30))));
        assertThat(thrown)
            .as("event %d", i)
            .isInstanceOf(InvalidInvocationException.class)
            .hasMessageStartingWith(fields.get(Math.min(i, fields.size() - 1)) + ": ");
        assertThat(thrown.getMessage().length()).as("event %d's message", i).isLessThan(400);
        assertThat(rounds.latest(TARGET, 60)).as("rounds after event %d", i).isEmpty();
      }

      Map<String, Object> summary =
          function.handleRequest(
              Map.of("shard", shard.toString(), "scheduledTime", Instant.now().toString()),
              FakeLambdaContext.withTimeout("probe", Duration.ofSeconds(30)));

      assertThat(summary)
          .containsEntry("shard", shard.toString())
          .containsEntry("targets", 1)
          .containsEntry("written", 1);
      assertThat(rounds.latest(TARGET, 60)).hasSize(1);
    }
  }

  /** A target whose one path refuses connections: a round is written all the same. */
  private static Target refusing() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    return new Target(
        TARGET,
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.of(PathSpec.of(PathKind.CDN, 0, URI.create("http://127.0.0.1:" + closed + "/"))),
        Optional.empty(),
        List.of());
  }
}
