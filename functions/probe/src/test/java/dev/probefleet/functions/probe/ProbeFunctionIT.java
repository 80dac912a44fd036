package dev.probefleet.functions.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lambda.FakeLambdaContext;
import dev.probefleet.lambda.InvalidInvocationException;
import dev.probefleet.lambda.LambdaContexts;
import dev.probefleet.lambda.Primer;
import dev.probefleet.lambda.SnapStartPriming;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.model.Target;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.runtime.FleetConfigurationException;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The probe function as Lambda calls it ({@code handleRequest}, the event as the runtime
 * deserialises it, a Lambda {@code Context} whose remaining time runs down), against the AWS
 * emulator's tables and the in-process lab's servers.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ProbeFunctionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static Lab lab;

  @BeforeAll
  static void startLab() {
    lab = Lab.start();
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  private static Map<String, Object> properties(EmulatedAws aws, Map<String, Object> more) {
    Map<String, Object> p = new HashMap<>();
    p.put("probefleet.region", "eu-west-1");
    p.put("probefleet.home-region", aws.emulator().region().id());
    p.put("probefleet.store.kind", "dynamodb");
    p.put("probefleet.store.table-prefix", aws.names().prefix());
    p.put("probefleet.aws.endpoint", aws.emulator().endpoint().toString());
    p.put("probefleet.probe.resolver", "127.0.0.1:" + lab.dnsServer().getPort());
    p.put("probefleet.probe.confirmation-delay", "200ms");
    p.put("probefleet.probe.default-timeout", "3s");
    p.put("probefleet.targets.cache-ttl", "1ms");
    // Priming takes a second or two per function; the test that is about it turns it on.
    p.put("probefleet.lambda.prime-at-init", false);
    p.putAll(more);
    return p;
  }

  /** The event as Lambda's runtime hands it to the handler: JSON read into a map. */
  private static Map<String, Object> event(String resource, Map<String, Object> overrides)
      throws IOException {
    try (InputStream in = ProbeFunctionIT.class.getResourceAsStream("/events/" + resource)) {
      Map<String, Object> event = JSON.readValue(in, new TypeReference<Map<String, Object>>() {});
      event.putAll(overrides);
      return event;
    }
  }

  private static void register(Fleet fleet, List<Target> targets) {
    fleet.get(TargetRegistry.class).apply(targets, true);
  }

  private static Target renamed(Target t, String name) {
    return new Target(name, t.request(), t.expect(), t.burst(), t.cdn(), t.lb(), t.origins());
  }

  @Test
  void aScheduledEventProbesTheRegionsTargetsAndWritesTheirRoundsHome(EmulatedAws aws)
      throws IOException {
    Map<String, Object> props = properties(aws, Map.of());
    try (Fleet fleet = Fleet.start(props)) {
      register(fleet, List.of(lab.target()));
      ProbeFunction function = new ProbeFunction(LambdaContexts.builder(props));
      Instant fired = Instant.now();

      Map<String, Object> summary =
          function.handleRequest(
              event("scheduled-event.json", Map.of("time", fired.toString())),
              FakeLambdaContext.withTimeout("probe", Duration.ofSeconds(50)));

      RoundSlot slot = RoundSlot.containing(fired, MINUTE);
      assertThat(summary)
          .containsEntry("region", "eu-west-1")
          .containsEntry("shard", "0/1")
          .containsEntry("slot", slot.id())
          .containsEntry("targets", 1)
          .containsEntry("paths", 3)
          .containsEntry("failing", 0)
          .containsEntry("unprobed", 0)
          .containsEntry("written", 1)
          .containsEntry("complete", true);
      List<RoundRecord> stored =
          fleet
              .get(RoundStore.class)
              .slot(lab.target().name(), slot, Instant.now().plusSeconds(10));
      assertThat(stored)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.region()).isEqualTo("eu-west-1");
                assertThat(r.observations()).hasSize(3);
                assertThat(r.unprobed()).isEmpty();
              });
      function.close();
    }
  }

  /**
   * EventBridge Scheduler delivers the schedule's input instead of the envelope: the shard, and the
   * time the schedule fired for (a retry lands in the same slot, whatever the clock says).
   */
  @Test
  void theSchedulersInputNamesTheShardAndTheSlot(EmulatedAws aws) throws IOException {
    Map<String, Object> props = properties(aws, Map.of("probefleet.shards", 2));
    List<Target> targets =
        IntStream.range(0, 6).mapToObj(i -> renamed(lab.target(), "shop-" + i)).toList();
    List<String> shardZero =
        targets.stream().map(Target::name).filter(n -> new Shard(0, 2).contains(n)).toList();
    assertThat(shardZero).as("the names spread over both shards").isNotEmpty().hasSizeLessThan(6);
    RoundSlot slot = RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(3)), MINUTE);
    try (Fleet fleet = Fleet.start(props);
        ProbeFunction function = new ProbeFunction(LambdaContexts.builder(props))) {
      register(fleet, targets);

      Map<String, Object> summary =
          function.handleRequest(
              event("scheduler-input.json", Map.of("scheduledTime", slot.start().toString())),
              FakeLambdaContext.withTimeout("probe", Duration.ofSeconds(50)));

      assertThat(summary)
          .containsEntry("shard", "0/2")
          .containsEntry("slot", slot.id())
          .containsEntry("targets", shardZero.size())
          .containsEntry("complete", true);
      RoundStore rounds = fleet.get(RoundStore.class);
      for (Target t : targets) {
        assertThat(rounds.slot(t.name(), slot, Instant.now().plusSeconds(10)))
            .as(t.name())
            .hasSize(shardZero.contains(t.name()) ? 1 : 0);
      }
    }
  }

  /**
   * A Lambda with 10 s left (2 s margin, 5 s kept to write) probes for 3 s: a path that has not
   * answered by then is written as unprobed — the round is incomplete, never healthy, and the
   * prober's deadline is not blamed on the target as a timeout.
   */
  @Test
  void theInvocationsRemainingTimeBoundsTheRoundAndWhatItCouldNotFinishIsRecordedAsSuch(
      EmulatedAws aws) throws IOException {
    Map<String, Object> props = properties(aws, Map.of());
    try (FaultHttpServer stalled = FaultHttpServer.start(Reply.fault(Fault.NEVER_RESPOND));
        Fleet fleet = Fleet.start(props);
        ProbeFunction function = new ProbeFunction(LambdaContexts.builder(props))) {
      PathSpec slow = PathSpec.of(PathKind.ORIGIN, 0, stalled.url("/health"));
      PathSpec slowWithOwnTimeout =
          new PathSpec(
              slow.kind(),
              slow.instance(),
              slow.url(),
              slow.host(),
              slow.sni(),
              slow.resolve(),
              false,
              Optional.empty(),
              Optional.of(Duration.ofSeconds(30)),
              List.of(),
              Map.of(),
              List.of());
      Target stalling =
          new Target(
              "stalling",
              RequestSpec.DEFAULT,
              ExpectSpec.DEFAULT,
              BurstSpec.SINGLE,
              Optional.empty(),
              Optional.empty(),
              List.of(slowWithOwnTimeout));
      register(fleet, List.of(stalling));
      Instant start = Instant.now();

      Map<String, Object> summary =
          function.handleRequest(
              event(
                  "scheduler-input.json",
                  Map.of("shard", "0/1", "scheduledTime", start.toString())),
              FakeLambdaContext.withTimeout("probe", Duration.ofSeconds(10)));

      assertThat(Duration.between(start, Instant.now()))
          .as("done before Lambda's timeout, with the margin to spare")
          .isLessThan(Duration.ofSeconds(8));
      assertThat(summary)
          .containsEntry("complete", false)
          .containsEntry("failing", 0)
          .containsEntry("unprobed", 1);
      assertThat((List<?>) summary.get("problems"))
          .singleElement()
          .asString()
          .contains("cut short by the round deadline");
      RoundRecord stored =
          fleet
              .get(RoundStore.class)
              .slot("stalling", RoundSlot.containing(start, MINUTE), Instant.now().plusSeconds(10))
              .get(0);
      assertThat(stored.observations()).isEmpty();
      assertThat(stored.unprobed())
          .singleElement()
          .satisfies(u -> assertThat(u.label()).isEqualTo("origin[0]"));
    }
  }

  @Test
  void aShardTheConfigurationDoesNotKnowFailsTheInvocationNamingBoth(EmulatedAws aws) {
    Map<String, Object> props = properties(aws, Map.of("probefleet.shards", 4));
    try (ProbeFunction function = new ProbeFunction(LambdaContexts.builder(props))) {
      assertThatThrownBy(
              () ->
                  function.handleRequest(
                      Map.of("shard", "1/8"),
                      FakeLambdaContext.withTimeout("probe", Duration.ofSeconds(50))))
          .isInstanceOf(InvalidInvocationException.class)
          .hasMessageContaining("the input says 1/8 but the fleet is configured with 4 shard(s)");
    }
  }

  /**
   * The function primes its probe client while it initialises (the first round after a cold start
   * must time like a warm one), and registers everything else to be primed before a SnapStart
   * snapshot; the round after priming is a correct one.
   */
  @Test
  void initPrimesTheProbeClientAndSnapStartPrimesTheRest(EmulatedAws aws) throws IOException {
    // A long init limit: this test JVM has run for longer than a fresh function's would have.
    Map<String, Object> props =
        properties(
            aws,
            Map.of("probefleet.lambda.prime-at-init", true, "probefleet.lambda.init-limit", "15m"));
    try (Fleet fleet = Fleet.start(props);
        ProbeFunction function = new ProbeFunction(LambdaContexts.builder(props))) {
      register(fleet, List.of(renamed(lab.target(), "primed")));
      SnapStartPriming priming = function.getApplicationContext().getBean(SnapStartPriming.class);

      assertThat(priming.primedAtInit()).containsExactly("probe client");
      assertThat(priming.primers())
          .extracting(Primer::name)
          .containsExactlyInAnyOrder(
              "probe client", "AWS SDK (DynamoDB, SNS)", "JSON (event and result)");

      Map<String, Object> summary =
          function.handleRequest(
              event(
                  "scheduler-input.json",
                  Map.of("shard", "0/1", "scheduledTime", Instant.now().toString())),
              FakeLambdaContext.withTimeout("probe", Duration.ofSeconds(50)));
      assertThat(summary)
          .containsEntry("paths", 3)
          .containsEntry("failing", 0)
          .containsEntry("complete", true);
    }
  }

  /** A bad setting fails the init phase (where Lambda reports it), naming the property. */
  @Test
  void aBadSettingFailsTheInitNamingTheProperty(EmulatedAws aws) {
    Map<String, Object> props = properties(aws, Map.of("probefleet.shards", 0));

    assertThatThrownBy(() -> new ProbeFunction(LambdaContexts.builder(props)))
        .isInstanceOf(FleetConfigurationException.class)
        .hasMessageContaining("probefleet.shards")
        .hasMessageContaining("PROBEFLEET_SHARDS");
  }
}
