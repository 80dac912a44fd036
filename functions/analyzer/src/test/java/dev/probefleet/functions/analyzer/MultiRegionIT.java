package dev.probefleet.functions.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.attribution.Scope;
import dev.probefleet.aws.SubscribedQueue;
import dev.probefleet.definitions.Topics;
import dev.probefleet.functions.probe.ProbeFunction;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.LabFault;
import dev.probefleet.lab.server.StubDnsServer;
import dev.probefleet.lambda.FakeLambdaContext;
import dev.probefleet.lambda.LambdaContexts;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.AddressRange;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet across regions, through the functions Lambda calls: three probe regions, each its own
 * {@link ProbeFunction} with its own DNS view of the same lab (GeoDNS sends each region to its own
 * CDN edge), writing to the home region's tables on the AWS emulator, and the {@link
 * AnalyzerFunction} deciding per slot.
 *
 * <p>Slots lie in the past and each invocation says which one it is for (the schedules' {@code
 * scheduledTime}), so a test walks through several minutes of the fleet's life in seconds.
 */
@ExtendWith(AwsEmulatorExtension.class)
class MultiRegionIT {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String US = "us-east-1";
  private static final String EU = "eu-west-1";
  private static final String AP = "ap-southeast-2";
  private static final List<String> REGIONS = List.of(US, EU, AP);

  private static Lab lab;

  /** What eu-west-1's resolver says: the target's name points at a dead CDN edge. */
  private static StubDnsServer brokenEdgeDns;

  private final Map<String, ProbeFunction> probes = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> regionProperties = new HashMap<>();
  private AnalyzerFunction analyzer;
  private Fleet fleet;
  private SubscribedQueue alerts;
  private RoundSlot base;

  @BeforeAll
  static void startLab() throws UnknownHostException {
    lab = Lab.start();
    brokenEdgeDns =
        StubDnsServer.start()
            .answer(lab.host(), InetAddress.getByName("127.0.0.2"))
            .answer(lab.lbName(), InetAddress.getLoopbackAddress());
  }

  @AfterAll
  static void stopLab() {
    brokenEdgeDns.close();
    lab.close();
  }

  @BeforeEach
  void startFunctions(EmulatedAws aws) {
    String topic = aws.resources().topicArn(Topics.ALERTS);
    alerts =
        SubscribedQueue.subscribe(
            aws.sqs(),
            aws.sns(),
            topic,
            aws.names().prefix() + "-" + System.nanoTime(),
            true,
            null);
    Map<String, Object> common = new HashMap<>();
    common.put("probefleet.home-region", aws.emulator().region().id());
    common.put("probefleet.store.kind", "dynamodb");
    common.put("probefleet.store.table-prefix", aws.names().prefix());
    common.put("probefleet.aws.endpoint", aws.emulator().endpoint().toString());
    common.put("probefleet.alerts.topic-arn", topic);
    common.put("probefleet.analyzer.expected-regions", String.join(",", REGIONS));
    common.put("probefleet.probe.confirmation-delay", "200ms");
    common.put("probefleet.probe.default-timeout", "3s");
    common.put("probefleet.targets.cache-ttl", "1ms");
    for (String region : REGIONS) {
      Map<String, Object> p = new HashMap<>(common);
      p.put("probefleet.region", region);
      int dns = region.equals(EU) ? brokenEdgeDns.port() : lab.dnsServer().getPort();
      p.put("probefleet.probe.resolver", "127.0.0.1:" + dns);
      regionProperties.put(region, p);
      probes.put(region, new ProbeFunction(LambdaContexts.builder(p)));
    }
    Map<String, Object> home = new HashMap<>(common);
    home.put("probefleet.region", aws.emulator().region().id());
    analyzer = new AnalyzerFunction(LambdaContexts.builder(home));
    fleet = Fleet.start(home);
    // Whole minutes in the past: every slot's grace period is long over.
    base = RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(30)), MINUTE);
  }

  @AfterEach
  void stopFunctions() {
    lab.clear();
    probes.values().forEach(ProbeFunction::close);
    analyzer.close();
    fleet.close();
  }

  /** The lab's target, named for the test, its CDN allowed to resolve to any loopback edge. */
  private void register(String name) {
    Target t = lab.target();
    PathSpec cdn = t.cdn().orElseThrow();
    PathSpec anyEdge =
        new PathSpec(
            cdn.kind(),
            cdn.instance(),
            cdn.url(),
            cdn.host(),
            cdn.sni(),
            cdn.resolve(),
            cdn.insecure(),
            cdn.ca(),
            cdn.timeout(),
            List.of(AddressRange.parse("127.0.0.0/8")),
            cdn.headers(),
            cdn.probeFrom());
    Target named =
        new Target(
            name, t.request(), t.expect(), t.burst(), Optional.of(anyEdge), t.lb(), t.origins());
    fleet.get(TargetRegistry.class).apply(List.of(named), true);
  }

  private RoundSlot slot(int n) {
    return new RoundSlot(base.start().plus(MINUTE.multipliedBy(n)), MINUTE);
  }

  /** The region's scheduled probe invocation for a slot. */
  private Map<String, Object> probe(String region, RoundSlot slot) {
    return probes
        .get(region)
        .handleRequest(
            Map.of("shard", "0/1", "scheduledTime", slot.start().toString()),
            FakeLambdaContext.withTimeout("probefleet-probe-" + region, Duration.ofSeconds(50)));
  }

  /** The analyzer's scheduled invocation fired at the start of the next period: for this slot. */
  private Map<String, Object> analyze(RoundSlot slot) {
    Map<String, Object> summary =
        analyzer.handleRequest(
            Map.of("shard", "0/1", "scheduledTime", slot.next().start().toString()),
            FakeLambdaContext.withTimeout("probefleet-analyzer", Duration.ofSeconds(50)));
    assertThat(summary).containsEntry("slot", slot.id());
    return summary;
  }

  private TargetStatus status(String target) {
    return fleet.get(IncidentStore.class).statuses(List.of(target)).get(target);
  }

  @Test
  void oneRegionsCdnEdgeFailingIsACdnIncidentInThatRegionOnly() {
    register("edge");
    for (String region : REGIONS) {
      probe(region, slot(0));
    }

    Map<String, Object> summary = analyze(slot(0));

    assertThat(summary).containsEntry("complete", true).containsEntry("alertsPublished", 1);
    TargetStatus status = status("edge");
    assertThat(status.layer()).isEqualTo(Layer.CDN);
    assertThat(status.scope()).isEqualTo(Scope.REGIONAL);
    assertThat(status.affectedRegions()).containsExactly(EU);
    assertThat(status.missingRegions()).isEmpty();
    assertThat(status.open()).isPresent();
    assertThat(status.regions()).containsOnlyKeys(REGIONS);
    JsonNode alert = SubscribedQueue.json(alerts.receive(1).get(0));
    assertThat(alert.path("target").asText()).isEqualTo("edge");
    assertThat(alert.path("layer").asText()).isEqualTo("CDN");
    assertThat(alert.path("scope").asText()).isEqualTo("regional");
    assertThat(alert.path("regions")).extracting(JsonNode::asText).containsExactly(EU);
  }

  @Test
  void aFailingOriginIsAnOriginIncidentInEveryRegion() {
    register("origin");
    lab.inject(LabFault.ORIGIN_REFUSED);
    for (String region : REGIONS) {
      probe(region, slot(0));
    }

    analyze(slot(0));

    TargetStatus status = status("origin");
    assertThat(status.layer()).isEqualTo(Layer.ORIGIN);
    assertThat(status.scope()).isEqualTo(Scope.ALL_REGIONS);
    assertThat(status.affectedRegions()).containsExactlyInAnyOrderElementsOf(REGIONS);
    assertThat(status.open()).isPresent();
    JsonNode alert = SubscribedQueue.json(alerts.receive(1).get(0));
    assertThat(alert.path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(alert.path("regions"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(REGIONS);
  }

  /**
   * The region that saw the failure goes silent while the others are healthy: its silence is no
   * data, never health, so the incident stays open however many slots pass; it resolves once the
   * region reports healthy rounds again.
   */
  @Test
  void aSilentRegionIsNoDataNotHealthy() {
    register("silent");
    for (String region : REGIONS) {
      probe(region, slot(0));
    }
    analyze(slot(0));
    String incident = status("silent").open().orElseThrow().id();

    for (int n = 1; n <= 4; n++) {
      probe(US, slot(n));
      probe(AP, slot(n));
      analyze(slot(n));
      TargetStatus status = status("silent");
      assertThat(status.missingRegions()).as("slot %d", n).containsExactly(EU);
      assertThat(status.open()).as("slot %d", n).map(o -> o.id()).contains(incident);
    }

    // eu-west-1 is back, its edge repaired: three healthy slots from every region resolve it.
    repairEuropeanEdge();
    for (int n = 5; n <= 7; n++) {
      for (String region : REGIONS) {
        probe(region, slot(n));
      }
      analyze(slot(n));
    }
    TargetStatus status = status("silent");
    assertThat(status.open()).isEmpty();
    assertThat(status.missingRegions()).isEmpty();
    assertThat(status.layer()).isEqualTo(Layer.NONE);
  }

  /**
   * eu-west-1's round of a slot arrives after the slot was analysed without it, and reports its
   * failing edge (confirmed). By the next slot the edge is repaired and every region is healthy:
   * only the re-analysis of the earlier slot, with all three regions, can open the incident.
   */
  @Test
  void aLateRegionsRoundCountsOnTheReanalysis() {
    register("late");
    probe(US, slot(0));
    probe(AP, slot(0));
    Map<String, Object> first = analyze(slot(0));
    assertThat(status("late").missingRegions()).containsExactly(EU);
    assertThat(status("late").open()).isEmpty();
    assertThat(first).containsEntry("transitions", 0);

    probe(EU, slot(0)); // late: after the slot's analysis, through the broken edge
    repairEuropeanEdge();
    for (String region : REGIONS) {
      probe(region, slot(1));
    }
    Map<String, Object> second = analyze(slot(1));

    assertThat(second).containsEntry("transitions", 1);
    TargetStatus status = status("late");
    assertThat(status.slot()).isEqualTo(slot(1));
    assertThat(status.missingRegions()).isEmpty();
    assertThat(status.open()).hasValueSatisfying(o -> assertThat(o.openedAt()).isEqualTo(slot(0)));
    JsonNode alert = SubscribedQueue.json(alerts.receive(1).get(0));
    assertThat(alert.path("layer").asText()).isEqualTo("CDN");
    assertThat(alert.path("slot").asText()).isEqualTo(slot(0).id());
    assertThat(alert.path("regions")).extracting(JsonNode::asText).containsExactly(EU);
  }

  /** eu-west-1's resolver sends the target's name to the working edge from now on. */
  private void repairEuropeanEdge() {
    probes.get(EU).close();
    Map<String, Object> repaired = new HashMap<>(regionProperties.get(EU));
    repaired.put("probefleet.probe.resolver", "127.0.0.1:" + lab.dnsServer().getPort());
    probes.put(EU, new ProbeFunction(LambdaContexts.builder(repaired)));
  }
}
