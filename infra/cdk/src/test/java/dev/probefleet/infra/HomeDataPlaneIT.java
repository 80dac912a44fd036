package dev.probefleet.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The home stack's data plane as the emulator's CloudFormation created it: the tables are the
 * shared definition's, the alert topic and the queue exist, and an alert reaches the queue only
 * when the subscription's filter policy (from the template) lets it through.
 *
 * <p>moto 5.2.5's CloudFormation does not take {@code AWS::SNS::Subscription}, {@code
 * AWS::SNS::TopicPolicy} or {@code AWS::SQS::QueuePolicy} (it skips them with a warning), nor a
 * table's {@code TimeToLiveSpecification} and {@code PointInTimeRecoverySpecification}: those are
 * checked in the template tests ({@code HomeStackTest}) and by cfn-lint; here the template's own
 * subscription properties are applied through the SNS API when the stack did not create them, so
 * the filter policy the stack deploys is still played against the emulator.
 */
@ExtendWith(AwsEmulatorExtension.class)
class HomeDataPlaneIT {
  private static final Set<String> NOT_TAKEN_BY_MOTO =
      Set.of("AWS::SNS::Subscription", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy");

  private static AwsEmulator emulator;
  private static HomeDataPlane stack;

  @BeforeAll
  static void deploy(AwsEmulator e) throws InterruptedException {
    emulator = e;
    stack = HomeDataPlane.deploy(e);
  }

  @Test
  void everyResourceTheEmulatorTakesWasCreated() {
    Set<String> created = new TreeSet<>();
    try (CloudFormationClient cfn = emulator.configure(CloudFormationClient.builder()).build()) {
      for (StackResourceSummary r :
          cfn.listStackResources(b -> b.stackName(stack.stackName())).stackResourceSummaries()) {
        created.add(r.logicalResourceId());
      }
    }
    Set<String> missingTypes = new TreeSet<>();
    stack
        .template()
        .path("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (!created.contains(e.getKey())) {
                missingTypes.add(e.getValue().path("Type").asText());
              }
            });
    System.out.println("created by the emulator's CloudFormation: " + created);
    System.out.println("not created (types the emulator does not take): " + missingTypes);
    assertThat(NOT_TAKEN_BY_MOTO).containsAll(missingTypes);
  }

  @Test
  void theTablesAreTheSharedDefinitions() {
    try (DynamoDbClient dynamo = emulator.configure(DynamoDbClient.builder()).build()) {
      for (TableDefinition definition : Tables.all()) {
        TableDescription t =
            dynamo.describeTable(b -> b.tableName(stack.names().table(definition))).table();
        assertThat(t.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()))
            .containsExactlyElementsOf(keys(definition.key().attributes()));
        List<String> indexes = new ArrayList<>();
        t.globalSecondaryIndexes()
            .forEach(
                g -> {
                  IndexDefinition index = definition.index(g.indexName()).orElseThrow();
                  assertThat(
                          g.keySchema().stream()
                              .map(k -> k.attributeName() + ":" + k.keyTypeAsString()))
                      .containsExactlyElementsOf(keys(index.key().attributes()));
                  assertThat(g.projection().projectionTypeAsString()).isEqualTo("ALL");
                  indexes.add(g.indexName());
                });
        assertThat(indexes)
            .containsExactlyInAnyOrderElementsOf(
                definition.globalIndexes().stream().map(IndexDefinition::name).toList());
        if (definition == Tables.INCIDENTS) {
          assertThat(t.deletionProtectionEnabled()).isTrue();
        }
      }
    }
  }

  @Test
  void anAlertReachesTheQueueOnlyWhenTheSubscriptionsFilterPolicyLetsItThrough() throws Exception {
    try (SnsClient sns = emulator.configure(SnsClient.builder()).build();
        SqsClient sqs = emulator.configure(SqsClient.builder()).build()) {
      String topicName = stack.names().topic(Topics.ALERTS);
      String topicArn =
          sns.listTopicsPaginator().topics().stream()
              .map(t -> t.topicArn())
              .filter(a -> a.endsWith(":" + topicName))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no topic " + topicName));
      String queueUrl =
          sqs.getQueueUrl(b -> b.queueName(stack.names().prefix() + "-alerts")).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      List<Subscription> existing =
          sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions();
      if (existing.stream().noneMatch(s -> s.endpoint().equals(queueArn))) {
        JsonNode subscription =
            Fleets.resources(stack.template(), "AWS::SNS::Subscription").values().stream()
                .map(s -> s.path("Properties"))
                .filter(p -> p.path("Protocol").asText().equals("sqs"))
                .findFirst()
                .orElseThrow();
        Map<String, String> attributes = new HashMap<>();
        attributes.put("FilterPolicy", subscription.path("FilterPolicy").toString());
        attributes.put(
            "FilterPolicyScope",
            subscription.path("FilterPolicyScope").asText("MessageAttributes"));
        attributes.put(
            "RawMessageDelivery", subscription.path("RawMessageDelivery").asText("false"));
        System.out.println(
            "applying the template's sqs subscription through the SNS API: " + attributes);
        sns.subscribe(
            b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(attributes));
      }
      publish(sns, topicArn, "WARN", "warn-1");
      publish(sns, topicArn, "PAGE", "page-1");
      List<String> bodies = new ArrayList<>();
      Instant until = Instant.now().plus(Duration.ofSeconds(10));
      while (Instant.now().isBefore(until) && bodies.size() < 2) {
        for (Message m :
            sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(10))
                .messages()) {
          bodies.add(m.body());
        }
      }
      // Raw delivery: the body is the alert document itself; only the page passed the filter.
      assertThat(bodies).containsExactly("{\"alertId\":\"page-1\"}");
    }
  }

  private static void publish(SnsClient sns, String topicArn, String severity, String alertId) {
    sns.publish(
        b ->
            b.topicArn(topicArn)
                .message("{\"alertId\":\"" + alertId + "\"}")
                .messageAttributes(
                    Map.of(
                        "severity", string(severity),
                        "alertId", string(alertId),
                        "state", string("OPENED"))));
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static List<String> keys(List<dev.probefleet.definitions.KeyAttribute> attributes) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < attributes.size(); i++) {
      out.add(attributes.get(i).name() + ":" + (i == 0 ? "HASH" : "RANGE"));
    }
    return out;
  }
}
