package dev.probefleet.infra.sam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.aws.StoreBackend;
import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulators;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.IncidentStoreContract;
import dev.probefleet.store.contract.RoundStoreContract;
import dev.probefleet.store.contract.TargetRegistryContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's data plane deployed for real, through the emulator's CloudFormation API: its
 * tables and alert topic exactly as the template declares them (its parameters and intrinsic
 * functions, evaluated by the emulator's CloudFormation), then the store contract suites run
 * against the tables that stack created.
 *
 * <p>What the emulator (moto 5.2.5) cannot take, and what is tested instead: {@code
 * AWS::SNS::Subscription} ("No Moto CloudFormation support for AWS::SNS::Subscription": it knows
 * only subscriptions inside a topic), so the subscription the template declares is made through
 * SNS's API with the properties the template resolves to, and its filter policy and raw delivery
 * are tested on that; a table's {@code TimeToLiveSpecification} and {@code
 * PointInTimeRecoverySpecification}, which its CloudFormation ignores (TTL off, PITR {@code
 * DISABLED} after the stack): {@code TemplateTablesTest} checks both in the template, and the
 * deletion protection it does apply is checked here; the SAM resources (functions, the HTTP API),
 * since the emulator does not run the SAM transform: {@link SamCliIT} checks what the transform
 * makes of them, {@link TemplatePackagesIT} and the {@code Template*Test}s the rest.
 */
class TemplateStackIT {
  private static final AwsEmulator EMULATOR = AwsEmulators.shared();

  /** The resource types of the data plane, created from the template as written. */
  private static final List<String> DATA_PLANE = List.of("AWS::DynamoDB::Table", "AWS::SNS::Topic");

  @Test
  void theStacksTablesHaveTheKeysAndIndexesOfTheSharedDefinition() {
    ResourceNames names = deploy(Map.of());
    try (DynamoDbClient dynamoDb = EMULATOR.configure(DynamoDbClient.builder()).build()) {
      for (TableDefinition definition : Tables.all()) {
        TableDescription table =
            dynamoDb.describeTable(b -> b.tableName(names.table(definition))).table();
        assertThat(keys(table.keySchema())).isEqualTo(keys(definition, definition.key()));
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
          assertThat(gsi.projection().projectionTypeAsString()).isEqualTo("ALL");
          indexes.put(gsi.indexName(), keys(gsi.keySchema()));
        }
        Map<String, List<String>> defined = new LinkedHashMap<>();
        for (IndexDefinition index : definition.globalIndexes()) {
          defined.put(index.name(), keys(definition, index.key()));
        }
        assertThat(indexes).isEqualTo(defined);
        assertThat(table.billingModeSummary().billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
      }
      String incidents = names.table(Tables.INCIDENTS);
      assertThat(
              dynamoDb
                  .describeTable(b -> b.tableName(incidents))
                  .table()
                  .deletionProtectionEnabled())
          .isTrue();
    }
  }

  @Test
  void theSqsSubscriptionTheTemplateDeclaresGetsOnlyTheAlertsItsFilterPolicyAsksFor() {
    SamTemplate template = SamTemplate.load();
    try (SqsClient sqs = EMULATOR.configure(SqsClient.builder()).build();
        SnsClient sns = EMULATOR.configure(SnsClient.builder()).build()) {
      String queueUrl = sqs.createQueue(b -> b.queueName(EmulatedAws.uniquePrefix())).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      Map<String, String> given =
          Map.of(
              "AlertSqsQueueArn", queueArn, "AlertSqsFilterPolicy", "{\"severity\": [\"PAGE\"]}");
      ResourceNames names = deploy(given);
      String topicArn =
          sns.listTopics().topics().stream()
              .map(t -> t.topicArn())
              .filter(arn -> arn.endsWith(":" + names.topic(Topics.ALERTS)))
              .findFirst()
              .orElseThrow();

      // The subscription as the template resolves it with these parameters.
      Map<String, String> parameters = template.parameters(given);
      assertThat(template.creates("AlertSqsSubscription", parameters)).isTrue();
      assertThat(template.creates("AlertEmailSubscription", parameters)).isFalse();
      assertThat(template.creates("AlertHttpsSubscription", parameters)).isFalse();
      Map<String, Object> declared = template.properties("AlertSqsSubscription");
      assertThat(template.resolve(declared.get("TopicArn"), parameters))
          .isEqualTo("ref:AlertTopic");
      Map<String, String> attributes = new LinkedHashMap<>();
      for (String attribute : List.of("RawMessageDelivery", "FilterPolicy", "FilterPolicyScope")) {
        String value = template.resolve(declared.get(attribute), parameters);
        if (value != null) {
          attributes.put(attribute, value);
        }
      }
      assertThat(attributes)
          .containsEntry("RawMessageDelivery", "true")
          .containsEntry("FilterPolicyScope", "MessageAttributes");
      sns.subscribe(
          b ->
              b.topicArn(topicArn)
                  .protocol(template.resolve(declared.get("Protocol"), parameters))
                  .endpoint(template.resolve(declared.get("Endpoint"), parameters))
                  .attributes(attributes));

      for (String severity : List.of("WARN", "PAGE")) {
        sns.publish(
            b ->
                b.topicArn(topicArn)
                    .message("{\"severity\": \"" + severity + "\"}")
                    .messageAttributes(
                        Map.of(
                            "severity",
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(severity)
                                .build())));
      }
      List<String> bodies = new ArrayList<>();
      Instant until = Instant.now().plus(Duration.ofSeconds(10));
      while (bodies.isEmpty() && Instant.now().isBefore(until)) {
        for (Message m :
            sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()) {
          bodies.add(m.body());
        }
      }
      // Raw delivery (the template's default): the alert document itself is the body.
      assertThat(bodies).containsExactly("{\"severity\": \"PAGE\"}");
    }
  }

  /** The round store contract on the stack's rounds table. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Rounds extends RoundStoreContract {
    private StoreBackend backend;

    @BeforeAll
    void stack() {
      backend = backend(deploy(Map.of()));
    }

    @Override
    protected RoundStore rounds() {
      return backend.rounds(2);
    }
  }

  /** The incident store contract on the stack's incidents table (and its indexes). */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Incidents extends IncidentStoreContract {
    private StoreBackend backend;
    private IncidentStore store;

    @BeforeAll
    void stack() {
      backend = backend(deploy(Map.of()));
      store = backend.incidents();
    }

    @Override
    protected IncidentStore store() {
      return store;
    }

    @Override
    protected RoundStore rounds() {
      return backend.rounds(50);
    }

    @Override
    protected TargetRegistry registry() {
      return backend.registry();
    }
  }

  /** The targets registry contract on the stack's targets table. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Registry extends TargetRegistryContract {
    private StoreBackend backend;

    @BeforeAll
    void stack() {
      backend = backend(deploy(Map.of()));
    }

    @Override
    protected TargetRegistry registry() {
      return backend.registry();
    }
  }

  // --- the stack ---------------------------------------------------------------------------------

  private static StoreBackend backend(ResourceNames names) {
    return new StoreBackend(EMULATOR.configure(DynamoDbClient.builder()).build(), names::table);
  }

  /**
   * Creates a stack of the template's data plane under a prefix of its own, with these parameter
   * values (the rest at their defaults), and waits until it is complete.
   */
  private static ResourceNames deploy(Map<String, String> parameters) {
    String prefix = EmulatedAws.uniquePrefix();
    List<Parameter> values = new ArrayList<>();
    values.add(Parameter.builder().parameterKey("Prefix").parameterValue(prefix).build());
    parameters.forEach(
        (k, v) -> values.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
    try (CloudFormationClient cfn = EMULATOR.configure(CloudFormationClient.builder()).build()) {
      cfn.createStack(b -> b.stackName(prefix).templateBody(dataPlane()).parameters(values));
      Instant until = Instant.now().plus(Duration.ofSeconds(60));
      StackStatus status;
      do {
        status = cfn.describeStacks(b -> b.stackName(prefix)).stacks().get(0).stackStatus();
        if (status == StackStatus.CREATE_IN_PROGRESS) {
          sleep();
        }
      } while (status == StackStatus.CREATE_IN_PROGRESS && Instant.now().isBefore(until));
      assertThat(status).as("stack %s", prefix).isEqualTo(StackStatus.CREATE_COMPLETE);
    }
    return new ResourceNames(prefix);
  }

  /**
   * The template reduced to its data plane: those resources, the conditions and parameters they
   * use, as written (YAML, intrinsic functions in their long form).
   */
  static String dataPlane() {
    SamTemplate template = SamTemplate.load();
    Map<String, Object> resources = new LinkedHashMap<>();
    template
        .resources()
        .forEach(
            (id, r) -> {
              if (DATA_PLANE.contains(r.get("Type"))) {
                resources.put(id, r);
              }
            });
    Map<String, Object> root = CloudFormationYaml.load(template.file());
    Map<String, Object> parameters = new LinkedHashMap<>();
    SamTemplate.map(root.get("Parameters"), "Parameters")
        .forEach(
            (name, declaration) -> {
              if (name.equals("Prefix") || name.startsWith("Alert")) {
                parameters.put(name, declaration);
              }
            });
    Map<String, Object> conditions = new LinkedHashMap<>();
    SamTemplate.map(root.get("Conditions"), "Conditions")
        .forEach(
            (name, expression) -> {
              if (name.startsWith("HasAlert")) {
                conditions.put(name, expression);
              }
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("AWSTemplateFormatVersion", "2010-09-09");
    body.put("Parameters", parameters);
    body.put("Conditions", conditions);
    body.put("Resources", resources);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(body);
  }

  private static List<String> keys(List<KeySchemaElement> schema) {
    return schema.stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList();
  }

  private static List<String> keys(
      TableDefinition table, dev.probefleet.definitions.KeySchema key) {
    List<String> out = new ArrayList<>();
    out.add(key.partitionKey().name() + " HASH");
    key.sortKey().ifPresent(k -> out.add(k.name() + " RANGE"));
    return out;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
