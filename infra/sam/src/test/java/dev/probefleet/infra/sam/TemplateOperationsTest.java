package dev.probefleet.infra.sam;

import static dev.probefleet.infra.sam.SamTemplate.list;
import static dev.probefleet.infra.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The fleet's own health: the alarms (the CDK app's {@code OperationsAlarms} of the home stack and
 * of one probe stack), the operations topics they notify, the alert topic's encryption and TLS-only
 * policy, and the dashboard. The figures below are those of {@code infra/cdk} ({@code HomeStack},
 * {@code ProbeStack}, {@code OperationsAlarms}); they are read from the CDK sources by hand, not
 * from its synthesized templates, so they guard this template's settings, not its agreement with
 * the CDK app after the CDK app changes.
 */
class TemplateOperationsTest {
  private static final String REGION = SamTemplate.PSEUDO_PARAMETERS.get("AWS::Region");

  private final SamTemplate template = SamTemplate.load();
  private final Map<String, String> defaults = template.parameters(Map.of());

  /** What an alarm watches and when it fires, resolved with the parameters' defaults. */
  record Alarm(
      String name,
      String namespace,
      String metric,
      Map<String, String> dimensions,
      String statistic,
      String period,
      String threshold,
      String comparison,
      String evaluationPeriods,
      String datapoints,
      String missingData,
      String topic) {}

  private static Alarm lambdaErrors(String name, String function, String topic) {
    return new Alarm(
        "probefleet-" + name + "-errors",
        "AWS/Lambda",
        "Errors",
        Map.of("FunctionName", "ref:" + function),
        "Sum",
        "300",
        "1",
        "GreaterThanOrEqualToThreshold",
        "3",
        "2",
        "notBreaching",
        topic);
  }

  private static Alarm fleet(
      String name,
      String metric,
      Map<String, String> dimensions,
      String statistic,
      String threshold,
      String comparison,
      String periods,
      String missing,
      String topic) {
    return new Alarm(
        "probefleet-" + name,
        "probefleet",
        metric,
        dimensions,
        statistic,
        "300",
        threshold,
        comparison,
        periods,
        periods,
        missing,
        topic);
  }

  /** The home stack's five alarms and a probe stack's three, for a one-minute schedule, 1 shard. */
  private static final Map<String, Alarm> EXPECTED =
      Map.of(
          "AnalyzerErrorsAlarm",
          lambdaErrors("analyzer", "AnalyzerFunction", "OperationsTopic"),
          "AnalyzerLagAlarm",
          fleet(
              "analyzer-lag",
              "AnalyzerSlotLag",
              Map.of(),
              "Maximum",
              "120",
              "GreaterThanThreshold",
              "2",
              "breaching",
              "OperationsTopic"),
          "OutboxAgeAlarm",
          fleet(
              "outbox-age",
              "OutboxOldestAge",
              Map.of(),
              "Maximum",
              "900",
              "GreaterThanThreshold",
              "1",
              "notBreaching",
              "OperationsTopic"),
          "DeadLettersAlarm",
          fleet(
              "dead-letters",
              "AlertsDeadLettered",
              Map.of(),
              "Sum",
              "1",
              "GreaterThanOrEqualToThreshold",
              "1",
              "notBreaching",
              "OperationsTopic"),
          "ApiErrorsAlarm",
          lambdaErrors("api", "ApiFunction", "OperationsTopic"),
          "ProbeErrorsAlarm",
          lambdaErrors("probe-" + REGION, "ProbeFunction", "ProbeOperationsTopic"),
          "ProbeMissingInvocationsAlarm",
          new Alarm(
              "probefleet-probe-" + REGION + "-missing-invocations",
              "AWS/Lambda",
              "Invocations",
              Map.of("FunctionName", "ref:ProbeFunction"),
              "Sum",
              "300",
              // 1 shard every minute: 5 invocations per 5-minute period, alarm below half.
              "2",
              "LessThanThreshold",
              "2",
              "2",
              "breaching",
              "ProbeOperationsTopic"),
          "RoundsUnwrittenAlarm",
          fleet(
              "probe-" + REGION + "-rounds-unwritten",
              "RoundsUnwritten",
              Map.of("region", REGION),
              "Sum",
              "1",
              "GreaterThanOrEqualToThreshold",
              "2",
              "notBreaching",
              "ProbeOperationsTopic"));

  @Test
  void theAlarmsAreTheCdkAppsHomeAndProbeAlarmsWithTheirMetricsThresholdsAndMissingData() {
    Map<String, Alarm> actual = new TreeMap<>();
    template
        .ofType("AWS::CloudWatch::Alarm")
        .keySet()
        .forEach(id -> actual.put(id, alarm(id, defaults)));

    assertThat(actual).isEqualTo(new TreeMap<>(EXPECTED));
  }

  @Test
  void everyAlarmNotifiesItsOperationsTopicWhenItFiresAndWhenItClears() {
    template
        .ofType("AWS::CloudWatch::Alarm")
        .forEach(
            (id, resource) -> {
              Map<String, Object> p = map(resource.get("Properties"), id);
              assertThat(p.get("AlarmActions")).as(id).isEqualTo(p.get("OKActions"));
              List<?> actions = list(p.get("AlarmActions"), id + ".AlarmActions");
              assertThat(actions).as(id).hasSize(1);
              String topic = template.resolve(actions.get(0), defaults).substring("ref:".length());
              assertThat(template.type(topic)).as(id).isEqualTo("AWS::SNS::Topic");
              assertThat(topic).as(id).isNotEqualTo("AlertTopic");
            });
  }

  static List<Arguments> schedules() {
    List<Arguments> cases = new ArrayList<>();
    for (String minutes : SamTemplate.load().allowedValues("IntervalMinutes")) {
      for (String shards : SamTemplate.load().allowedValues("Shards")) {
        cases.add(Arguments.of(minutes, shards));
      }
    }
    return cases;
  }

  /**
   * The figures the CDK app computes from its schedule, for every period and shard count the
   * parameters allow: the alarms' period (5 minutes, or the schedule's when longer), the analyzer's
   * lag (two periods), the probe's missing invocations (half of what its schedules make per alarm
   * period, at least 1), and the scheduled functions' timeout (the period less 10 s, at most 15
   * minutes).
   */
  @ParameterizedTest(name = "every {0} min, {1} shards")
  @MethodSource("schedules")
  void theFiguresThatDependOnTheScheduleAreTheCdkAppsFormulas(String minutes, String shards) {
    Map<String, String> parameters =
        template.parameters(Map.of("IntervalMinutes", minutes, "Shards", shards));
    long interval = Long.parseLong(minutes) * 60;
    long period = Math.max(300, interval);
    double expected = Double.parseDouble(shards) * period / interval;
    long missing = (long) Math.max(1, Math.floor(expected / 2));

    template
        .ofType("AWS::CloudWatch::Alarm")
        .keySet()
        .forEach(id -> assertThat(alarm(id, parameters).period()).as(id).isEqualTo("" + period));
    assertThat(alarm("AnalyzerLagAlarm", parameters).threshold()).isEqualTo("" + 2 * interval);
    assertThat(alarm("ProbeMissingInvocationsAlarm", parameters).threshold())
        .isEqualTo("" + missing);
    for (String function : List.of("ProbeFunction", "AnalyzerFunction")) {
      assertThat(template.resolve(template.function(function).get("Timeout"), parameters))
          .as(function)
          .isEqualTo("" + Math.min(900, interval - 10));
    }
  }

  @Test
  void theOperationsTopicsAreTheHomeStacksAndTheProbeStacksRequiringTls() {
    assertThat(template.ofType("AWS::SNS::Topic").keySet())
        .containsExactlyInAnyOrder("AlertTopic", "OperationsTopic", "ProbeOperationsTopic");
    assertThat(template.resolve(template.properties("OperationsTopic").get("TopicName"), defaults))
        .isEqualTo("probefleet-operations");
    assertThat(
            template.resolve(
                template.properties("ProbeOperationsTopic").get("TopicName"), defaults))
        .isEqualTo("probefleet-probe-operations");
    for (String topic : List.of("OperationsTopic", "ProbeOperationsTopic")) {
      // CloudWatch cannot publish to a topic under the AWS managed key.
      assertThat(template.properties(topic)).as(topic).doesNotContainKey("KmsMasterKeyId");
      assertThat(tlsOnlyPolicies(topic)).as(topic).hasSize(1);
    }
  }

  @Test
  void theOperationsTopicsMailTheOperationsAddressOrElseTheAlertAddress() {
    for (String topic : List.of("OperationsTopic", "ProbeOperationsTopic")) {
      String id = topic + "Subscription";
      Map<String, Object> p = template.properties(id);
      assertThat(p.get("TopicArn")).isEqualTo(Map.of("Ref", topic));
      assertThat(p.get("Protocol")).isEqualTo("email");
      assertThat(template.creates(id, defaults)).isFalse();
      Map<String, String> alertOnly = template.parameters(Map.of("AlertEmail", "a@example.com"));
      assertThat(template.creates(id, alertOnly)).isTrue();
      assertThat(template.resolve(p.get("Endpoint"), alertOnly)).isEqualTo("a@example.com");
      Map<String, String> both =
          template.parameters(
              Map.of("AlertEmail", "a@example.com", "OperationsEmail", "ops@example.com"));
      assertThat(template.resolve(p.get("Endpoint"), both)).isEqualTo("ops@example.com");
    }
  }

  @Test
  void theAlertTopicIsEncryptedWithTheAwsManagedKeyAndRefusesPublishingWithoutTls() {
    assertThat(template.resolve(template.properties("AlertTopic").get("KmsMasterKeyId"), defaults))
        .isEqualTo("arn:aws:kms:" + REGION + ":123456789012:alias/aws/sns");
    assertThat(tlsOnlyPolicies("AlertTopic")).hasSize(1);
  }

  /** The topic policies that deny publishing to this topic over plain HTTP. */
  private List<String> tlsOnlyPolicies(String topic) {
    List<String> found = new ArrayList<>();
    template
        .ofType("AWS::SNS::TopicPolicy")
        .forEach(
            (id, resource) -> {
              Map<String, Object> p = map(resource.get("Properties"), id);
              if (!list(p.get("Topics"), id).contains(Map.of("Ref", topic))) {
                return;
              }
              Map<String, Object> document = map(p.get("PolicyDocument"), id);
              for (Object s : list(document.get("Statement"), id)) {
                Map<String, Object> statement = map(s, id);
                if ("Deny".equals(statement.get("Effect"))
                    && "*".equals(statement.get("Principal"))
                    && "sns:Publish".equals(statement.get("Action"))
                    && Map.of("Ref", topic).equals(statement.get("Resource"))
                    && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                        .equals(statement.get("Condition"))) {
                  found.add(id);
                }
              }
            });
    return found;
  }

  @Test
  void theDashboardGraphsTheFleetsMetricsInItsNamespaceAndTheHomeAlarms() {
    Map<String, Object> p = template.properties("Dashboard");
    assertThat(template.resolve(p.get("DashboardName"), defaults)).isEqualTo("probefleet");
    Map<String, Object> body = dashboardBody(template.parameters(Map.of("MetricsNamespace", "pf")));

    TreeSet<String> fleetMetrics = new TreeSet<>();
    TreeSet<String> lambdaMetrics = new TreeSet<>();
    List<String> expressions = new ArrayList<>();
    List<Object> alarms = new ArrayList<>();
    for (Object w : list(body.get("widgets"), "widgets")) {
      Map<String, Object> widget = map(w, "widget");
      Map<String, Object> properties = map(widget.get("properties"), "widget.properties");
      if ("alarm".equals(widget.get("type"))) {
        alarms.addAll(list(properties.get("alarms"), "alarms"));
      }
      if (!"metric".equals(widget.get("type"))) {
        continue;
      }
      for (Object m : list(properties.get("metrics"), "metrics")) {
        List<?> metric = list(m, "metric");
        Map<String, Object> options = map(metric.get(metric.size() - 1), "metric options");
        assertThat(options.get("period")).as("%s", metric).isEqualTo(300);
        if (options.containsKey("expression")) {
          expressions.add((String) options.get("expression"));
        } else if ("pf".equals(metric.get(0))) {
          fleetMetrics.add((String) metric.get(1));
        } else {
          assertThat(metric.get(0)).as("%s", metric).isEqualTo("AWS/Lambda");
          lambdaMetrics.add(metric.get(1) + " " + metric.get(3));
        }
      }
    }

    assertThat(fleetMetrics)
        .containsExactlyInAnyOrder(
            "PathsProbed",
            "PathsFailing",
            "PathsUnprobed",
            "RoundsUnwritten",
            "ProbeFailure",
            "TimeToFirstByte",
            "AnalyzerSlotLag",
            "AnalyzerDuration",
            "OutboxDepth",
            "OutboxOldestAge",
            "AlertsPublished",
            "AlertPublishFailures",
            "AlertsDeadLettered");
    assertThat(lambdaMetrics)
        .containsExactlyInAnyOrder(
            "Errors probefleet-probe",
            "Errors probefleet-analyzer",
            "Errors probefleet-api",
            "Duration probefleet-probe",
            "Duration probefleet-analyzer");
    assertThat(expressions)
        .hasSize(6)
        .allSatisfy(e -> assertThat(e).contains("{pf,layer,region} MetricName=\"Outage\""));
    assertThat(alarms)
        .containsExactlyInAnyOrder(
            "getatt:AnalyzerErrorsAlarm.Arn",
            "getatt:AnalyzerLagAlarm.Arn",
            "getatt:OutboxAgeAlarm.Arn",
            "getatt:DeadLettersAlarm.Arn",
            "getatt:ApiErrorsAlarm.Arn");
  }

  @Test
  void theScheduledFunctionsEmitTheNamespaceTheAlarmsAndTheDashboardRead() {
    Map<String, String> parameters = template.parameters(Map.of("MetricsNamespace", "pf"));
    for (String function : List.of("ProbeFunction", "AnalyzerFunction")) {
      assertThat(template.environment(function, parameters))
          .as(function)
          .containsEntry("PROBEFLEET_METRICS_NAMESPACE", "pf");
    }
    template
        .ofType("AWS::CloudWatch::Alarm")
        .keySet()
        .forEach(
            id -> assertThat(alarm(id, parameters).namespace()).as(id).isIn("pf", "AWS/Lambda"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> dashboardBody(Map<String, String> parameters) {
    String json =
        template.resolve(template.properties("Dashboard").get("DashboardBody"), parameters);
    // JSON is YAML: read it with the YAML reader the tests already have.
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
  }

  private Alarm alarm(String id, Map<String, String> parameters) {
    Map<String, Object> p = template.properties(id);
    Map<String, String> dimensions = new TreeMap<>();
    if (p.get("Dimensions") != null) {
      for (Object d : list(p.get("Dimensions"), id + ".Dimensions")) {
        Map<String, Object> dimension = map(d, id + ".Dimensions");
        dimensions.put(
            (String) dimension.get("Name"), template.resolve(dimension.get("Value"), parameters));
      }
    }
    return new Alarm(
        template.resolve(p.get("AlarmName"), parameters),
        template.resolve(p.get("Namespace"), parameters),
        template.resolve(p.get("MetricName"), parameters),
        dimensions,
        template.resolve(p.get("Statistic"), parameters),
        template.resolve(p.get("Period"), parameters),
        template.resolve(p.get("Threshold"), parameters),
        template.resolve(p.get("ComparisonOperator"), parameters),
        template.resolve(p.get("EvaluationPeriods"), parameters),
        template.resolve(p.get("DatapointsToAlarm"), parameters),
        template.resolve(p.get("TreatMissingData"), parameters),
        template
            .resolve(list(p.get("AlarmActions"), id + ".AlarmActions").get(0), parameters)
            .substring("ref:".length()));
  }
}
