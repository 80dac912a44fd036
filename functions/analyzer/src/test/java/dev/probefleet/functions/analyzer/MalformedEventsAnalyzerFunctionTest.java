package dev.probefleet.functions.analyzer;

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
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.store.StatusStore;
import dev.probefleet.store.TargetRegistry;
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
 * The analyzer function as Lambda calls it, one container given garbage events one after the other:
 * each fails with an {@link InvalidInvocationException} naming the field, no status is written for
 * any of them, and the same container then analyses the next good event. In-memory stores stand in
 * for DynamoDB.
 */
class MalformedEventsAnalyzerFunctionTest {
  private static final String TARGET = "shop";

  @Test
  void garbageEventsFailNamingTheFieldStoreNothingAndTheContainerAnalysesTheNextGoodOne() {
    Map<String, Object> props = new HashMap<>();
    props.put("probefleet.region", "us-east-1");
    props.put("probefleet.home-region", "us-east-1");
    props.put("probefleet.store.kind", "memory");
    props.put("probefleet.analyzer.expected-regions", "us-east-1");
    props.put("probefleet.analyzer.grace", "0s");
    props.put("probefleet.alerts.console", true);
    props.put("probefleet.lambda.prime-at-init", false);
    try (AnalyzerFunction function = new AnalyzerFunction(LambdaContexts.builder(props))) {
      var context = function.getApplicationContext();
      context.getBean(TargetRegistry.class).apply(List.of(target()), true);
      StatusStore statuses = context.getBean(StatusStore.class);
      // A round of the slot just over is in: any event the analyzer accepted would analyse it.
      RoundSlot slot =
          RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(2)), Duration.ofMinutes(1));
      context
          .getBean(ProbeService.class)
          .probe("us-east-1", Shard.ALL, slot, Instant.now().plusSeconds(20));
      Map<String, Object> huge = new HashMap<>();
      huge.put("scheduledTime", "2026-11-24T09:01:00Z" + " ".repeat(100) + "x".repeat(8_000_000));
      List<Map<String, Object>> garbage =
          Arrays.asList(
              Map.of("shard", "1/2"),
              Map.of("shard", true),
              Map.of("scheduledTime", 17),
              Map.of("detail-type", "Scheduled Event", "time", "noon"),
              huge);
      List<String> fields = List.of("shard", "shard", "scheduledTime", "time", "scheduledTime");
      for (int i = 0; i < garbage.size(); i++) {
        Map<String, Object> event = garbage.get(i);
        Throwable thrown =
            catchThrowable(
                () ->
                    function.handleRequest(
                        event, FakeLambdaContext.withTimeout("analyzer", Duration.ofSeconds(30))));
        assertThat(thrown)
            .as("event %d", i)
            .isInstanceOf(InvalidInvocationException.class)
            .hasMessageStartingWith(fields.get(i) + ": ");
        assertThat(thrown.getMessage().length()).as("event %d's message", i).isLessThan(400);
        assertThat(statuses.statuses(List.of(TARGET))).as("statuses after event %d", i).isEmpty();
      }

      Map<String, Object> summary =
          function.handleRequest(
              Map.of("scheduledTime", slot.next().start().toString()),
              FakeLambdaContext.withTimeout("analyzer", Duration.ofSeconds(30)));

      assertThat(summary)
          .containsEntry("slot", slot.id())
          .containsEntry("shard", "0/1")
          .containsEntry("targets", 1);
      assertThat(statuses.statuses(List.of(TARGET))).containsKey(TARGET);
    }
  }

  private static Target target() {
    return new Target(
        TARGET,
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.of(PathSpec.of(PathKind.CDN, 0, URI.create("http://127.0.0.1:9/"))),
        Optional.empty(),
        List.of());
  }
}
