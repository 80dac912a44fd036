package dev.probefleet.infra;

import static dev.probefleet.infra.Fleets.resource;
import static dev.probefleet.infra.Fleets.resources;
import static dev.probefleet.infra.Fleets.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.KeyAttribute;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The home stack's template: what a deployment in the home region creates. */
class HomeStackTest {
  private static JsonNode home;

  @BeforeAll
  static void synth() {
    home =
        template(
            Fleets.build(
                    Map.of(
                        "alertEmailFilter", "{\"severity\": [\"PAGE\"], \"state\": [\"OPENED\"]}",
                        "alertEmailFilterScope", "MessageBody",
                        "alertHttpsUrl", "https://hooks.example.com/probefleet",
                        "alertHttpsUrlFilter", "{\"layer\": [\"ORIGIN\", \"LOAD_BALANCER\"]}",
                        "alertQueue", "true",
                        "alertQueueFilter", "{\"regions\": [\"eu-west-1\"]}",
                        "analyzerShards", "2"))
                .home());
  }

  @Test
  void everyTableIsGeneratedFromTheSharedDefinition() {
    assertThat(resources(home, "AWS::DynamoDB::Table")).hasSize(Tables.all().size());
    for (TableDefinition definition : Tables.all()) {
      JsonNode table =
          resource(
                  home,
                  "AWS::DynamoDB::Table",
                  "TableName",
                  "probefleet-" + definition.logicalName())
              .path("Properties");
      assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
      assertThat(keySchema(table.path("KeySchema"))).isEqualTo(keys(definition.key().attributes()));
      List<String> attributes = new ArrayList<>();
      table
          .path("AttributeDefinitions")
          .forEach(
              a ->
                  attributes.add(
                      a.path("AttributeName").asText() + ":" + a.path("AttributeType").asText()));
      assertThat(attributes)
          .containsExactlyInAnyOrderElementsOf(
              definition.keyAttributes().stream()
                  .map(a -> a.name() + ":" + a.type().name().charAt(0))
                  .toList());
      List<String> indexes = new ArrayList<>();
      table
          .path("GlobalSecondaryIndexes")
          .forEach(
              gsi -> {
                String name = gsi.path("IndexName").asText();
                IndexDefinition index = definition.index(name).orElseThrow();
                assertThat(keySchema(gsi.path("KeySchema")))
                    .isEqualTo(keys(index.key().attributes()));
                assertThat(gsi.path("Projection").path("ProjectionType").asText()).isEqualTo("ALL");
                indexes.add(name);
              });
      assertThat(indexes)
          .containsExactlyInAnyOrderElementsOf(
              definition.globalIndexes().stream().map(IndexDefinition::name).toList());
      if (definition.ttlAttribute().isPresent()) {
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
            .isEqualTo(definition.ttlAttribute().get());
        assertThat(table.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
      } else {
        assertThat(table.has("TimeToLiveSpecification")).isFalse();
      }
    }
  }

  @Test
  void roundsExpireByTheAttributeTheRoundStoreWrites() {
    JsonNode rounds =
        resource(home, "AWS::DynamoDB::Table", "TableName", "probefleet-rounds").path("Properties");
    // DynamoRoundStore writes expiresAt (epoch seconds): the attribute TTL must read.
    assertThat(rounds.path("TimeToLiveSpecification").path("AttributeName").asText())
        .isEqualTo("expiresAt");
  }

  @Test
  void theIncidentHistoryHasPointInTimeRecoveryAndDeletionProtection() {
    JsonNode incidents =
        resource(home, "AWS::DynamoDB::Table", "TableName", "probefleet-incidents");
    JsonNode p = incidents.path("Properties");
    assertThat(
            p.path("PointInTimeRecoverySpecification")
                .path("PointInTimeRecoveryEnabled")
                .asBoolean())
        .isTrue();
    assertThat(p.path("DeletionProtectionEnabled").asBoolean()).isTrue();
    assertThat(incidents.path("DeletionPolicy").asText()).isEqualTo("Retain");
  }

  @Test
  void theAlertTopicCarriesTheSubscriptionsWithTheReadmesFilterPolicies() {
    JsonNode topic =
        resource(home, "AWS::SNS::Topic", "TopicName", "probefleet-alerts").path("Properties");
    assertThat(topic.path("KmsMasterKeyId").toString()).contains("alias/aws/sns");

    assertThat(
            resources(home, "AWS::SNS::Subscription").values().stream()
                .filter(
                    s ->
                        s.path("Properties")
                            .path("TopicArn")
                            .path("Ref")
                            .asText()
                            .equals(alertsTopic())))
        .hasSize(3);
    JsonNode email = subscription("email");
    assertThat(email.path("Endpoint").asText()).isEqualTo("oncall@example.com");
    assertThat(email.path("FilterPolicyScope").asText()).isEqualTo("MessageBody");
    assertThat(email.path("FilterPolicy"))
        .isEqualTo(
            Fleets.JSON.valueToTree(
                Map.of("severity", List.of("PAGE"), "state", List.of("OPENED"))));

    JsonNode https = subscription("https");
    assertThat(https.path("Endpoint").asText()).isEqualTo("https://hooks.example.com/probefleet");
    assertThat(https.path("FilterPolicy"))
        .isEqualTo(Fleets.JSON.valueToTree(Map.of("layer", List.of("ORIGIN", "LOAD_BALANCER"))));

    JsonNode sqs = subscription("sqs");
    assertThat(sqs.path("RawMessageDelivery").asBoolean()).isTrue();
    assertThat(sqs.path("FilterPolicy"))
        .isEqualTo(Fleets.JSON.valueToTree(Map.of("regions", List.of("eu-west-1"))));
    JsonNode queue = resource(home, "AWS::SQS::Queue", "QueueName", "probefleet-alerts");
    assertThat(queue.path("Properties").path("RedrivePolicy").path("maxReceiveCount").asInt())
        .isEqualTo(5);
    assertThat(resources(home, "AWS::SQS::QueuePolicy")).isNotEmpty();
  }

  @Test
  void theAnalyzerRunsOnOneScheduleperShardAtTheStartOfEachSlot() {
    Map<String, JsonNode> schedules = resources(home, "AWS::Scheduler::Schedule");
    assertThat(schedules).hasSize(2);
    List<String> inputs = new ArrayList<>();
    for (JsonNode s : schedules.values()) {
      JsonNode p = s.path("Properties");
      assertThat(p.path("ScheduleExpression").asText()).isEqualTo("cron(* * * * ? *)");
      assertThat(p.path("FlexibleTimeWindow").path("Mode").asText()).isEqualTo("OFF");
      assertThat(p.path("Target").path("Arn").path("Ref").asText()).startsWith("AnalyzerLive");
      inputs.add(p.path("Target").path("Input").asText());
    }
    assertThat(inputs)
        .containsExactlyInAnyOrder(
            "{\"shard\":\"0/2\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}",
            "{\"shard\":\"1/2\",\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}");
    JsonNode analyzer =
        resource(home, "AWS::Lambda::Function", "FunctionName", "probefleet-analyzer")
            .path("Properties");
    assertThat(analyzer.path("Environment").path("Variables").path("PROBEFLEET_SHARDS").asText())
        .isEqualTo("2");
    assertThat(
            analyzer
                .path("Environment")
                .path("Variables")
                .path("PROBEFLEET_ANALYZER_EXPECTED_REGIONS")
                .asText())
        .isEqualTo("us-east-1,eu-west-1");
    // The topic the analyzer publishes to is the alert topic this stack creates.
    assertThat(
            analyzer
                .path("Environment")
                .path("Variables")
                .path("PROBEFLEET_ALERTS_TOPIC_ARN")
                .path("Ref")
                .asText())
        .isEqualTo(alertsTopic());
  }

  @Test
  void theApiIsAnHttpApiWhoseEveryRouteNeedsIam() {
    Map<String, JsonNode> apis = resources(home, "AWS::ApiGatewayV2::Api");
    assertThat(apis).hasSize(1);
    assertThat(apis.values().iterator().next().path("Properties").path("ProtocolType").asText())
        .isEqualTo("HTTP");
    Map<String, JsonNode> routes = resources(home, "AWS::ApiGatewayV2::Route");
    assertThat(routes).isNotEmpty();
    routes
        .values()
        .forEach(
            r ->
                assertThat(r.path("Properties").path("AuthorizationType").asText())
                    .isEqualTo("AWS_IAM"));
    JsonNode integration =
        resources(home, "AWS::ApiGatewayV2::Integration").values().iterator().next();
    assertThat(integration.path("Properties").path("PayloadFormatVersion").asText())
        .isEqualTo("2.0");
    assertThat(integration.path("Properties").path("IntegrationUri").path("Ref").asText())
        .startsWith("ApiLive");
    JsonNode stage = resources(home, "AWS::ApiGatewayV2::Stage").values().iterator().next();
    assertThat(stage.path("Properties").path("AccessLogSettings").path("Format").asText())
        .contains("$context.identity.userArn");
    JsonNode api =
        resource(home, "AWS::Lambda::Function", "FunctionName", "probefleet-api")
            .path("Properties");
    assertThat(api.path("Handler").asText())
        .isEqualTo("dev.probefleet.api.ApiFunction::handleRequest");
  }

  @Test
  void alarmsOnTheFleetsHealthNotifyTheOperationsTopic() {
    Map<String, JsonNode> alarms = resources(home, "AWS::CloudWatch::Alarm");
    Map<String, JsonNode> byName = new java.util.TreeMap<>();
    alarms.values().forEach(a -> byName.put(a.path("Properties").path("AlarmName").asText(), a));
    assertThat(byName)
        .containsOnlyKeys(
            "probefleet-analyzer-errors",
            "probefleet-analyzer-lag",
            "probefleet-outbox-age",
            "probefleet-dead-letters",
            "probefleet-api-errors");
    JsonNode lag = byName.get("probefleet-analyzer-lag").path("Properties");
    assertThat(lag.path("Namespace").asText()).isEqualTo("probefleet");
    assertThat(lag.path("MetricName").asText()).isEqualTo("AnalyzerSlotLag");
    assertThat(lag.path("TreatMissingData").asText()).isEqualTo("breaching");
    assertThat(lag.path("Threshold").asDouble()).isEqualTo(120.0);
    JsonNode age = byName.get("probefleet-outbox-age").path("Properties");
    assertThat(age.path("MetricName").asText()).isEqualTo("OutboxOldestAge");
    assertThat(age.path("Threshold").asDouble()).isEqualTo(900.0);
    JsonNode dead = byName.get("probefleet-dead-letters").path("Properties");
    assertThat(dead.path("MetricName").asText()).isEqualTo("AlertsDeadLettered");
    assertThat(dead.path("Statistic").asText()).isEqualTo("Sum");
    String topic =
        resources(home, "AWS::SNS::Topic").entrySet().stream()
            .filter(
                e ->
                    e.getValue()
                        .path("Properties")
                        .path("TopicName")
                        .asText()
                        .equals("probefleet-operations"))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    for (JsonNode alarm : byName.values()) {
      assertThat(alarm.path("Properties").path("AlarmActions").toString()).contains(topic);
      assertThat(alarm.path("Properties").path("OKActions").toString()).contains(topic);
    }
    JsonNode ops = subscriptionOf(topic);
    assertThat(ops.path("Endpoint").asText()).isEqualTo("oncall@example.com");
  }

  @Test
  void theDashboardShowsProbesLayersAnalyzerOutboxAndDeadLetters() {
    JsonNode dashboard = resources(home, "AWS::CloudWatch::Dashboard").values().iterator().next();
    String body = dashboard.path("Properties").path("DashboardBody").toString();
    for (String metric :
        List.of(
            "PathsProbed",
            "PathsFailing",
            "ProbeFailure",
            "Outage",
            "AnalyzerSlotLag",
            "OutboxDepth",
            "OutboxOldestAge",
            "AlertsDeadLettered")) {
      assertThat(body).as(metric).contains(metric);
    }
    assertThat(body).contains("eu-west-1").contains("LOAD_BALANCER");
  }

  private static String alertsTopic() {
    return resources(home, "AWS::SNS::Topic").entrySet().stream()
        .filter(
            e ->
                e.getValue()
                    .path("Properties")
                    .path("TopicName")
                    .asText()
                    .equals("probefleet-alerts"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode subscription(String protocol) {
    return resources(home, "AWS::SNS::Subscription").values().stream()
        .map(s -> s.path("Properties"))
        .filter(p -> p.path("TopicArn").path("Ref").asText().equals(alertsTopic()))
        .filter(p -> p.path("Protocol").asText().equals(protocol))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + protocol + " subscription"));
  }

  private static JsonNode subscriptionOf(String topicLogicalId) {
    return resources(home, "AWS::SNS::Subscription").values().stream()
        .map(s -> s.path("Properties"))
        .filter(p -> p.path("TopicArn").path("Ref").asText().equals(topicLogicalId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no subscription to " + topicLogicalId));
  }

  private static List<String> keySchema(JsonNode schema) {
    List<String> out = new ArrayList<>();
    schema.forEach(
        k -> out.add(k.path("AttributeName").asText() + ":" + k.path("KeyType").asText()));
    return out;
  }

  private static List<String> keys(List<KeyAttribute> attributes) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < attributes.size(); i++) {
      out.add(attributes.get(i).name() + ":" + (i == 0 ? "HASH" : "RANGE"));
    }
    return out;
  }
}
