package dev.probefleet.infra.sam;

import static dev.probefleet.infra.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One probe schedule per shard, whatever {@code Shards} the deployer chooses: CloudFormation has no
 * loop, so the template declares a schedule for each possible shard and a condition creates those
 * below the count. Every schedule invokes the published alias (SnapStart runs only there) with the
 * input {@code ScheduledInvocation} reads.
 */
class TemplateSchedulesTest {
  private final SamTemplate template = SamTemplate.load();

  static List<String> shardCounts() {
    return SamTemplate.load().allowedValues("Shards");
  }

  @ParameterizedTest(name = "Shards={0}")
  @MethodSource("shardCounts")
  void thereIsOneProbeScheduleForEachShardAndNoOther(String shards) {
    Map<String, String> parameters = template.parameters(Map.of("Shards", shards));
    int n = Integer.parseInt(shards);

    List<String> inputs = new ArrayList<>();
    for (String id : probeSchedules()) {
      if (template.creates(id, parameters)) {
        inputs.add(input(id, parameters));
      }
    }
    assertThat(inputs)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, n)
                .mapToObj(
                    i ->
                        "{\"shard\": \""
                            + i
                            + "/"
                            + n
                            + "\", \"scheduledTime\": \"<aws.scheduler.scheduled-time>\"}")
                .toList());
    assertThat(template.environment("ProbeFunction", parameters))
        .containsEntry("PROBEFLEET_SHARDS", shards);
  }

  @Test
  void theAnalyzerHasOneScheduleForItsOneShard() {
    Map<String, String> parameters = template.parameters(Map.of("Shards", "4"));
    List<String> analyzerSchedules =
        template.ofType("AWS::Scheduler::Schedule").keySet().stream()
            .filter(id -> target(id).get("Arn").equals(Map.of("Ref", "AnalyzerFunction.Alias")))
            .toList();

    assertThat(analyzerSchedules).hasSize(1);
    assertThat(template.creates(analyzerSchedules.get(0), parameters)).isTrue();
    assertThat(input(analyzerSchedules.get(0), parameters))
        .isEqualTo("{\"shard\": \"0/1\", \"scheduledTime\": \"<aws.scheduler.scheduled-time>\"}");
    // Its shard count is the default, 1: the probe shards are not the analyzer's.
    assertThat(template.environment("AnalyzerFunction", parameters))
        .doesNotContainKey("PROBEFLEET_SHARDS");
  }

  @Test
  void everyScheduleInvokesAPublishedAliasOnTime() {
    template
        .ofType("AWS::Scheduler::Schedule")
        .keySet()
        .forEach(
            id -> {
              Map<String, Object> properties = template.properties(id);
              assertThat(target(id).get("Arn"))
                  .as(id)
                  .isIn(
                      Map.of("Ref", "ProbeFunction.Alias"),
                      Map.of("Ref", "AnalyzerFunction.Alias"));
              assertThat(target(id).get("RoleArn"))
                  .isEqualTo(Map.of("Fn::GetAtt", List.of("SchedulerRole", "Arn")));
              assertThat(properties.get("FlexibleTimeWindow")).isEqualTo(Map.of("Mode", "OFF"));
            });
  }

  private List<String> probeSchedules() {
    return template.ofType("AWS::Scheduler::Schedule").keySet().stream()
        .filter(id -> target(id).get("Arn").equals(Map.of("Ref", "ProbeFunction.Alias")))
        .toList();
  }

  private Map<String, Object> target(String id) {
    return map(template.properties(id).get("Target"), id + ".Target");
  }

  private String input(String id, Map<String, String> parameters) {
    return template.resolve(target(id).get("Input"), parameters);
  }
}
