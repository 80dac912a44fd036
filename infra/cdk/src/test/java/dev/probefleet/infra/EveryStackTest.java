package dev.probefleet.infra;

import static dev.probefleet.infra.Fleets.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.runtime.FleetVariables;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/** What holds for every stack: functions, log groups, environment variables. */
class EveryStackTest {
  private static Map<Stack, JsonNode> templates;

  @BeforeAll
  static void synth() {
    templates = new java.util.LinkedHashMap<>();
    for (Stack stack : Fleets.stacks(Fleets.build())) {
      templates.put(stack, Fleets.template(stack));
    }
  }

  @Test
  void thereIsAHomeStackAndOneProbeStackPerRegion() {
    assertThat(templates.keySet().stream().map(s -> s.getStackName() + "@" + s.getRegion()))
        .containsExactly(
            "probefleet-home@us-east-1",
            "probefleet-probe-us-east-1@us-east-1",
            "probefleet-probe-eu-west-1@eu-west-1");
  }

  @Test
  void everyFunctionRunsJava21WithSnapStartBehindAnAliasOnItsVersion() {
    int functions = 0;
    for (JsonNode template : templates.values()) {
      Map<String, JsonNode> aliases = resources(template, "AWS::Lambda::Alias");
      Map<String, JsonNode> versions = resources(template, "AWS::Lambda::Version");
      for (Map.Entry<String, JsonNode> f :
          resources(template, "AWS::Lambda::Function").entrySet()) {
        functions++;
        JsonNode p = f.getValue().path("Properties");
        assertThat(p.path("Runtime").asText()).isEqualTo("java21");
        // The probe function on x86_64, where its native crypto provider loads; the analyzer and
        // the API on the cheaper arm64.
        assertThat(p.path("Architectures").toString())
            .as(p.path("FunctionName").asText())
            .isEqualTo(
                p.path("FunctionName").asText().equals("probefleet-probe")
                    ? "[\"x86_64\"]"
                    : "[\"arm64\"]");
        assertThat(p.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        String version =
            versions.entrySet().stream()
                .filter(
                    v ->
                        v.getValue()
                            .path("Properties")
                            .path("FunctionName")
                            .path("Ref")
                            .asText()
                            .equals(f.getKey()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no version of " + f.getKey()));
        assertThat(aliases.values())
            .anySatisfy(
                a -> {
                  assertThat(a.path("Properties").path("Name").asText()).isEqualTo("live");
                  assertThat(a.path("Properties").path("FunctionVersion").toString())
                      .contains(version);
                });
      }
    }
    assertThat(functions).isEqualTo(4);
  }

  @Test
  void everyLogGroupHasTheDeploymentsRetentionAndEveryFunctionLogsToItsOwn() {
    for (JsonNode template : templates.values()) {
      Map<String, JsonNode> groups = resources(template, "AWS::Logs::LogGroup");
      assertThat(groups).isNotEmpty();
      groups
          .values()
          .forEach(
              g -> assertThat(g.path("Properties").path("RetentionInDays").asInt()).isEqualTo(30));
      for (JsonNode f : resources(template, "AWS::Lambda::Function").values()) {
        String group =
            f.path("Properties").path("LoggingConfig").path("LogGroup").path("Ref").asText();
        assertThat(groups).containsKey(group);
      }
    }
    JsonNode probe =
        Fleets.template(Fleets.build(Map.of("logRetentionDays", "90")).probes().get(0));
    resources(probe, "AWS::Logs::LogGroup")
        .values()
        .forEach(
            g -> assertThat(g.path("Properties").path("RetentionInDays").asInt()).isEqualTo(90));
  }

  @Test
  void everyVariableAStackSetsIsOneTheConfigurationReads() {
    Set<String> read = FleetVariables.all().keySet();
    Set<String> set = new TreeSet<>();
    for (JsonNode template : templates.values()) {
      for (JsonNode f : resources(template, "AWS::Lambda::Function").values()) {
        Iterator<String> names =
            f.path("Properties").path("Environment").path("Variables").fieldNames();
        names.forEachRemaining(set::add);
      }
    }
    System.out.println("PROBEFLEET_* variables the stacks set: " + set);
    assertThat(set).isNotEmpty().allMatch(v -> v.startsWith("PROBEFLEET_"));
    assertThat(read).containsAll(set);
    // The check can fail: a variable no configuration record reads is not among them.
    assertThat(read).doesNotContain("PROBEFLEET_STORE_TABLEPREFIX");
  }

  @Test
  void theFunctionsGetTheirPlaceInTheFleet() {
    JsonNode probe =
        Fleets.resource(
                templates.values().stream().skip(2).findFirst().orElseThrow(),
                "AWS::Lambda::Function",
                "FunctionName",
                "probefleet-probe")
            .path("Properties")
            .path("Environment")
            .path("Variables");
    assertThat(probe.path("PROBEFLEET_HOME_REGION").asText()).isEqualTo("us-east-1");
    assertThat(probe.path("PROBEFLEET_STORE_TABLE_PREFIX").asText()).isEqualTo("probefleet");
    assertThat(probe.path("PROBEFLEET_INTERVAL").asText()).isEqualTo("60s");
    assertThat(probe.path("PROBEFLEET_SHARDS").asText()).isEqualTo("1");
  }

  @Test
  void noTwoStacksOfOneRegionNameAResourceAlike() {
    // The home region usually has a probe stack too: a name both claimed (a topic, whose
    // CreateTopic is idempotent) would be one resource owned by two stacks.
    List<String> nameProperties =
        List.of(
            "TopicName",
            "TableName",
            "FunctionName",
            "LogGroupName",
            "AlarmName",
            "QueueName",
            "DashboardName");
    Map<String, Set<String>> namesByRegion = new java.util.HashMap<>();
    for (Map.Entry<Stack, JsonNode> t : templates.entrySet()) {
      Set<String> seen =
          namesByRegion.computeIfAbsent(t.getKey().getRegion(), r -> new TreeSet<>());
      t.getValue()
          .path("Resources")
          .fields()
          .forEachRemaining(
              r -> {
                JsonNode p = r.getValue().path("Properties");
                List<String> names = new java.util.ArrayList<>();
                nameProperties.forEach(n -> names.add(p.path(n).asText("")));
                if (r.getValue().path("Type").asText().equals("AWS::Scheduler::Schedule")) {
                  names.add(p.path("Name").asText(""));
                }
                for (String name : names) {
                  if (!name.isEmpty()) {
                    assertThat(seen.add(name))
                        .as(
                            "%s names %s, already named in %s",
                            t.getKey().getStackName(), name, t.getKey().getRegion())
                        .isTrue();
                  }
                }
              });
    }
    assertThat(namesByRegion.get("us-east-1"))
        .contains("probefleet-operations", "probefleet-probe-operations");
  }
}
