package dev.probefleet.infra;

import static dev.probefleet.infra.Fleets.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A probe region's stack, in a region other than the home region. */
class ProbeStackTest {
  private static ProbefleetApp.Fleet fleet;
  private static JsonNode euWest;

  @BeforeAll
  static void synth() {
    fleet = Fleets.build(Map.of("shards", "3", "schedule", "5m", "grace", "30s"));
    ProbeStack stack =
        fleet.probes().stream()
            .filter(p -> p.probeRegion().equals("eu-west-1"))
            .findFirst()
            .orElseThrow();
    euWest = Fleets.template(stack);
  }

  @Test
  void oneScheduleperShardInvokesTheLiveAliasAtTheStartOfEachSlot() {
    Map<String, JsonNode> schedules = resources(euWest, "AWS::Scheduler::Schedule");
    assertThat(schedules).hasSize(3);
    List<String> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode s : schedules.values()) {
      JsonNode p = s.path("Properties");
      assertThat(p.path("ScheduleExpression").asText()).isEqualTo("cron(0/5 * * * ? *)");
      assertThat(p.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
      assertThat(p.path("Target").path("Arn").path("Ref").asText()).startsWith("ProbeLive");
      assertThat(p.path("Target").path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt())
          .isEqualTo(300);
      inputs.add(p.path("Target").path("Input").asText());
      names.add(p.path("Name").asText());
    }
    assertThat(inputs)
        .containsExactlyInAnyOrder(
            "{\"shard\":\"0/3\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}",
            "{\"shard\":\"1/3\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}",
            "{\"shard\":\"2/3\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}");
    assertThat(names)
        .containsExactlyInAnyOrder(
            "probefleet-probe-0-of-3", "probefleet-probe-1-of-3", "probefleet-probe-2-of-3");
    JsonNode env =
        Fleets.resource(euWest, "AWS::Lambda::Function", "FunctionName", "probefleet-probe")
            .path("Properties");
    assertThat(env.path("Environment").path("Variables").path("PROBEFLEET_SHARDS").asText())
        .isEqualTo("3");
    assertThat(env.path("Environment").path("Variables").path("PROBEFLEET_INTERVAL").asText())
        .isEqualTo("300s");
    assertThat(env.path("Timeout").asInt()).isEqualTo(290);
    assertThat(env.path("Handler").asText())
        .isEqualTo("dev.probefleet.functions.probe.ProbeFunction");
  }

  @Test
  void theSchedulerMayOnlyInvokeTheAliasForThisAccount() {
    JsonNode role =
        resources(euWest, "AWS::IAM::Role").values().stream()
            .filter(r -> r.toString().contains("scheduler.amazonaws.com"))
            .findFirst()
            .orElseThrow();
    assertThat(role.path("Properties").path("AssumeRolePolicyDocument").toString())
        .contains("aws:SourceAccount");
  }

  @Test
  void itWritesToTheHomeRegionsTablesByArnWithoutCrossRegionReferences() {
    String text = euWest.toString();
    assertThat(text).doesNotContain("Fn::ImportValue");
    assertThat(resources(euWest, "AWS::DynamoDB::Table")).isEmpty();
    assertThat(text).contains(":dynamodb:us-east-1:").contains("table/probefleet-rounds");
    assertThat(fleet.probes().get(1).getDependencies()).contains(fleet.home());
  }

  @Test
  void alarmsWatchErrorsMissingInvocationsAndUnwrittenRounds() {
    Map<String, JsonNode> byName = new TreeMap<>();
    resources(euWest, "AWS::CloudWatch::Alarm")
        .values()
        .forEach(
            a -> byName.put(a.path("Properties").path("AlarmName").asText(), a.path("Properties")));
    assertThat(byName)
        .containsOnlyKeys(
            "probefleet-probe-eu-west-1-errors",
            "probefleet-probe-eu-west-1-missing-invocations",
            "probefleet-probe-eu-west-1-rounds-unwritten");
    JsonNode missing = byName.get("probefleet-probe-eu-west-1-missing-invocations");
    assertThat(missing.path("MetricName").asText()).isEqualTo("Invocations");
    assertThat(missing.path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
    assertThat(missing.path("TreatMissingData").asText()).isEqualTo("breaching");
    // 3 shards every 5 minutes: 3 invocations per 5-minute period, alarm below half of them.
    assertThat(missing.path("Threshold").asDouble()).isEqualTo(1.0);
    JsonNode unwritten = byName.get("probefleet-probe-eu-west-1-rounds-unwritten");
    assertThat(unwritten.path("Dimensions").toString()).contains("eu-west-1");
  }
}
