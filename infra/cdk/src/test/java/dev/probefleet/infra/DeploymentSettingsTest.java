package dev.probefleet.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Context values: defaults, lists from cdk.json or -c, and the messages for bad values. */
class DeploymentSettingsTest {

  private static DeploymentSettings settings(Map<String, Object> overrides) {
    Map<String, Object> context = new HashMap<>();
    context.put("regions", "us-east-1,eu-west-1");
    context.put("homeRegion", "us-east-1");
    context.putAll(overrides);
    return DeploymentSettings.from(context::get, Map.of());
  }

  @Test
  void defaults() {
    DeploymentSettings s = settings(Map.of());
    assertThat(s.names().prefix()).isEqualTo("probefleet");
    assertThat(s.regions()).containsExactly("us-east-1", "eu-west-1");
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.scheduledTimeout()).isEqualTo(Duration.ofSeconds(50));
    assertThat(s.shards()).isEqualTo(1);
    assertThat(s.probeArchitecture()).isEqualTo(DeploymentSettings.FunctionArchitecture.X86_64);
    assertThat(s.architecture()).isEqualTo(DeploymentSettings.FunctionArchitecture.ARM64);
    assertThat(s.probeMemory()).isEqualTo(1024);
    assertThat(s.subscriptions()).isEmpty();
    assertThat(s.operationsEmail()).isEmpty();
    assertThat(s.account()).isEmpty();
  }

  @Test
  void eachArchitectureIsSetOnItsOwn() {
    DeploymentSettings s = settings(Map.of("probeArchitecture", "arm64", "architecture", "X86_64"));
    assertThat(s.probeArchitecture()).isEqualTo(DeploymentSettings.FunctionArchitecture.ARM64);
    assertThat(s.architecture()).isEqualTo(DeploymentSettings.FunctionArchitecture.X86_64);
  }

  @Test
  void regionsMayBeAJsonListAsCdkJsonHoldsThem() {
    assertThat(settings(Map.of("regions", List.of("ap-southeast-2", "us-west-2"))).regions())
        .containsExactly("ap-southeast-2", "us-west-2");
    assertThat(settings(Map.of("regions", "[\"eu-central-1\"]")).regions())
        .containsExactly("eu-central-1");
  }

  @Test
  void theAlertEmailIsAlsoTheOperationsAddressUnlessOneIsGiven() {
    assertThat(settings(Map.of("alertEmail", "a@example.com")).operationsEmail())
        .contains("a@example.com");
    assertThat(
            settings(Map.of("alertEmail", "a@example.com", "operationsEmail", "ops@example.com"))
                .operationsEmail())
        .contains("ops@example.com");
  }

  @Test
  void theAccountComesFromTheContextOrTheCliEnvironment() {
    Map<String, Object> context = Map.of("regions", "us-east-1", "homeRegion", "us-east-1");
    assertThat(
            DeploymentSettings.from(context::get, Map.of("CDK_DEFAULT_ACCOUNT", "123456789012"))
                .account())
        .contains("123456789012");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "homeRegion|      |context homeRegion: not set: pass -c homeRegion=us-east-1",
        "homeRegion|Mars  |context homeRegion: 'Mars' is not a region such as eu-west-1",
        "regions|us-east-1,us-east-1|context regions: us-east-1 is listed twice",
        "schedule|90s|context schedule: 90s is not a whole number of minutes",
        "schedule|7m|context schedule: 7 minutes does not divide an hour",
        "schedule|5h|context schedule: a period of an hour or more must be 1, 2, 3, 4, 6, 8, 12 or 24 hours",
        "schedule|soon|context schedule: 'soon' is not a duration such as 60s, 5m or 1h",
        "grace|60s|context grace: 60s is not shorter than the schedule's period (60s)",
        "shards|0|context shards: 0 is outside 1..100",
        "probeMemory|lots|context probeMemory: 'lots' is not a whole number",
        "architecture|sparc|context architecture: 'sparc' is not arm64 or x86_64",
        "probeArchitecture|aarch64|context probeArchitecture: 'aarch64' is not arm64 or x86_64",
        "logRetentionDays|10|context logRetentionDays: 10 is not a retention CloudWatch Logs accepts",
        "alertEmail|oncall|context alertEmail: 'oncall' is not an e-mail address",
        "alertHttpsUrl|http://hooks.example.com|context alertHttpsUrl: 'http://hooks.example.com' is not an https:// URL",
        "prefix|no spaces|context prefix: resource name prefix 'no spaces' is not valid",
      })
  void aBadValueNamesItsKey(String key, String value, String message) {
    Map<String, Object> context = new HashMap<>();
    context.put(key, value == null ? "" : value);
    assertThatThrownBy(() -> settings(context))
        .isInstanceOf(InvalidContextException.class)
        .hasMessageStartingWith(message)
        .extracting(e -> ((InvalidContextException) e).key())
        .isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"sev\": [\"PAGE\"]}|context alertEmailFilter: 'sev' is not an attribute alerts carry; filter on one of alertId, target, layer, cause, severity, state, regions",
        "{\"severity\": \"PAGE\"}|context alertEmailFilter: severity: give the accepted values as a non-empty array of strings",
        "{\"severity\": [1]}|context alertEmailFilter: severity: 1 is not a string",
        "[\"PAGE\"]|context alertEmailFilter: a filter policy is a JSON object",
        "{severity|context alertEmailFilter: '{severity' is not JSON",
        "{\"target\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"], \"layer\": [\"CDN\",\"ORIGIN\",\"DNS\",\"NETWORK\",\"LOAD_BALANCER\"], \"cause\": [\"A\",\"B\",\"C\",\"D\",\"E\",\"F\"]}|context alertEmailFilter: SNS allows at most 150 combinations of values in a filter policy, got 180",
      })
  void aFilterPolicyMustMatchWhatAlertsCarry(String policy, String message) {
    assertThatThrownBy(
            () -> settings(Map.of("alertEmail", "oncall@example.com", "alertEmailFilter", policy)))
        .isInstanceOf(InvalidContextException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void theReadmesExamplePoliciesAreAccepted() {
    for (String policy :
        List.of(
            "{\"severity\": [\"PAGE\"]}",
            "{\"layer\": [\"ORIGIN\", \"LOAD_BALANCER\"]}",
            "{\"regions\": [\"eu-west-1\"]}",
            "{\"state\": [\"RESOLVED\"]}",
            "{\"target\": [\"shop\"]}",
            "{\"severity\": [\"PAGE\"], \"state\": [\"OPENED\"]}")) {
      AlertSubscription s =
          settings(Map.of("alertQueue", "true", "alertQueueFilter", policy)).subscriptions().get(0);
      assertThat(s.protocol()).isEqualTo(AlertSubscription.Protocol.SQS);
      assertThat(s.rawDelivery()).isTrue();
      assertThat(s.filterPolicy()).isNotEmpty();
    }
  }
}
