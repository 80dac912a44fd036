package dev.probefleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.diagnose.DiagnoseService;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.store.CachedTargets;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.memory.InMemoryIncidentStore;
import dev.probefleet.store.memory.InMemoryRoundStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composition root assembles the services from configuration, and names what is wrong. */
class FleetTest {

  private static Map<String, Object> memory(Object... more) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("probefleet.store.kind", "memory");
    properties.put("probefleet.alerts.console", "true");
    for (int i = 0; i < more.length; i += 2) {
      properties.put((String) more[i], more[i + 1]);
    }
    return properties;
  }

  @Test
  void theServicesShareOneSetOfStoresBuiltFromConfiguration() {
    try (Fleet fleet =
        Fleet.start(
            memory(
                "probefleet.region", "eu-west-1",
                "probefleet.home-region", "us-east-1",
                "probefleet.interval", "30s",
                "probefleet.analyzer.expected-regions", "eu-west-1,us-east-1",
                "probefleet.analyzer.grace", "10s"))) {
      ProbeService probe = fleet.get(ProbeService.class);
      AnalyzerService analyzer = fleet.get(AnalyzerService.class);
      assertThat(fleet.get(DiagnoseService.class)).isNotNull();
      assertThat(probe).isSameAs(fleet.get(ProbeService.class));
      assertThat(fleet.get(RoundStore.class)).isInstanceOf(InMemoryRoundStore.class);
      assertThat(fleet.get(IncidentStore.class)).isInstanceOf(InMemoryIncidentStore.class);
      assertThat(fleet.get(TargetRegistry.class))
          .as("the services read the registry through the cache")
          .isInstanceOf(CachedTargets.class);

      FleetSettings settings = fleet.get(FleetSettings.class);
      assertThat(settings.region()).isEqualTo("eu-west-1");
      assertThat(settings.homeRegion()).isEqualTo("us-east-1");
      AnalyzerSettings analysis = analyzer.settings();
      assertThat(analysis.period()).isEqualTo(Duration.ofSeconds(30));
      assertThat(analysis.grace()).isEqualTo(Duration.ofSeconds(10));
      assertThat(analysis.expectedRegions()).containsExactly("eu-west-1", "us-east-1");
      assertThat(fleet.get(MetricsSink.class)).isSameAs(MetricsSink.NONE);
    }
  }

  @Test
  void probesInFlightAreTheClientsDefaultOrTheSettingGiven() {
    try (Fleet fleet = Fleet.start(memory())) {
      assertThat(fleet.get(ProbeClient.class).maxOpenConnections())
          .isEqualTo(ProbeConcurrency.defaultBound(System.getenv()));
    }
    try (Fleet fleet = Fleet.start(memory("probefleet.probe.max-open-connections", "24"))) {
      assertThat(fleet.get(ProbeClient.class).maxOpenConnections()).isEqualTo(24);
    }
  }

  @Test
  void theHomeRegionDefaultsToTheRegionProbedAs() {
    try (Fleet fleet = Fleet.start(memory("probefleet.region", "ap-southeast-2"))) {
      assertThat(fleet.get(FleetSettings.class).homeRegion()).isEqualTo("ap-southeast-2");
      assertThat(fleet.get(FleetSettings.class).names().prefix()).isEqualTo("probefleet");
    }
  }

  @Test
  void everyBadValueIsNamedByItsPropertyAndVariable() {
    assertProblem(
        memory("probefleet.store.kind", "postgres"),
        RoundStore.class,
        "probefleet.store.kind: 'postgres' is not one of dynamodb, local, memory"
            + " (environment variable PROBEFLEET_STORE_KIND)");
    assertProblem(
        memory("probefleet.analyzer.grace", "90s"),
        AnalyzerService.class,
        "probefleet.analyzer.grace: PT1M30S is not shorter than the schedule's period (PT1M)");
    assertProblem(
        memory("probefleet.shards", "0"),
        ProbeService.class,
        "probefleet.shards: must be at least 1");
    assertProblem(
        memory("probefleet.alerts.topic-arn", "my-topic"),
        AnalyzerService.class,
        "probefleet.alerts.topic-arn: 'my-topic' is not an SNS topic ARN");
    assertProblem(
        memory("probefleet.probe.resolver", "dns.example.com"),
        ProbeService.class,
        "probefleet.probe.resolver: 'dns.example.com': give the DNS server as an IP address");
    assertProblem(
        memory("probefleet.store.kind", "local"),
        RoundStore.class,
        "probefleet.store.kind: 'local' needs DynamoDB Local, which only the probefleet CLI carries");
    assertProblem(
        memory("probefleet.alerts.console", "false"),
        AnalyzerService.class,
        "probefleet.alerts.topic-arn: the analyzer has nowhere to send alerts");
    assertProblem(
        memory("probefleet.store.table-prefix", "no spaces"),
        ProbeService.class,
        "probefleet.store.table-prefix: resource name prefix 'no spaces' is not valid");
    assertProblem(
        memory("probefleet.metrics.kind", "statsd"),
        ProbeService.class,
        "probefleet.metrics.kind: 'statsd' is not emf, none or auto");
    assertProblem(
        memory("probefleet.analyzer.k", "4"), AnalyzerService.class, "probefleet.analyzer.k/n/m");
    assertProblem(
        memory("probefleet.api.token-key", "too short"),
        IncidentStore.class,
        "probefleet.api.token-key: is 9 bytes long; a token key must have at least 32");
    assertProblem(
        Map.of("probefleet.store.kind", "dynamodb", "probefleet.store.endpoint", "localhost:8000"),
        RoundStore.class,
        "probefleet.store.endpoint: 'localhost:8000' is not an http(s) URL");
  }

  @Test
  void aServiceTheHostNeverAsksForIsNeverBuilt() {
    // The API has no topic and no probe settings: asking for the stores must not need them.
    try (Fleet fleet =
        Fleet.start(
            Map.of(
                "probefleet.store.kind",
                "memory",
                "probefleet.probe.resolver",
                "not an address"))) {
      assertThat(fleet.get(IncidentStore.class)).isNotNull();
    }
  }

  private static void assertProblem(Map<String, Object> properties, Class<?> bean, String message) {
    try (Fleet fleet = Fleet.start(properties)) {
      assertThatThrownBy(() -> fleet.get(bean))
          .isInstanceOf(FleetConfigurationException.class)
          .hasMessageContaining(message);
    }
  }
}
