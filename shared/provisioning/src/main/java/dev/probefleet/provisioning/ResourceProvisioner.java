package dev.probefleet.provisioning;

import dev.probefleet.definitions.AttributeType;
import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.KeyAttribute;
import dev.probefleet.definitions.KeySchema;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.TopicDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Creates tables and topics from their definitions, or checks that existing ones match.
 *
 * <p>Idempotent: an existing table with the defined key is kept (with its data); a missing global
 * index is added; TTL is switched on where the definition has a TTL attribute. A table whose key
 * differs from its definition is an error, because no migration in place can fix it. Creating an
 * SNS topic that exists returns the existing topic.
 */
public final class ResourceProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceProvisioner.class);

  private final DynamoDbClient dynamoDb;
  private final SnsClient sns;
  private final ResourceNames names;
  private final Duration waitLimit;

  /**
   * @param dynamoDb client for the tables (may point at an emulator or DynamoDB Local)
   * @param sns client for the topics; may be {@code null} when only tables are provisioned
   * @param names naming scheme of the deployment
   */
  public ResourceProvisioner(DynamoDbClient dynamoDb, SnsClient sns, ResourceNames names) {
    this(dynamoDb, sns, names, Duration.ofMinutes(2));
  }

  ResourceProvisioner(
      DynamoDbClient dynamoDb, SnsClient sns, ResourceNames names, Duration waitLimit) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.sns = sns;
    this.names = Objects.requireNonNull(names, "names");
    this.waitLimit = waitLimit;
  }

  /** Ensures every given table and topic exists as defined. */
  public ProvisionedResources provision(
      List<TableDefinition> tables, List<TopicDefinition> topics) {
    Map<String, String> tableNames = new LinkedHashMap<>();
    for (TableDefinition table : tables) {
      tableNames.put(table.logicalName(), ensureTable(table));
    }
    Map<String, String> topicArns = new LinkedHashMap<>();
    for (TopicDefinition topic : topics) {
      topicArns.put(topic.logicalName(), ensureTopic(topic));
    }
    return new ProvisionedResources(names, tableNames, topicArns);
  }

  /**
   * Ensures one table exists as defined.
   *
   * @return its physical name
   */
  public String ensureTable(TableDefinition table) {
    String name = names.table(table);
    TableDescription existing = describe(name);
    if (existing == null) {
      create(name, table);
    } else {
      checkKey(name, table.key(), existing.keySchema());
      addMissingIndexes(name, table, existing);
    }
    table.ttlAttribute().ifPresent(attribute -> ensureTtl(name, attribute));
    return name;
  }

  /**
   * Ensures one topic exists.
   *
   * @return its ARN
   */
  public String ensureTopic(TopicDefinition topic) {
    if (sns == null) {
      throw new IllegalStateException("no SNS client given, cannot provision topics");
    }
    String name = names.topic(topic);
    try {
      String arn = sns.createTopic(b -> b.name(name)).topicArn();
      LOG.debug("topic {} ready: {}", name, arn);
      return arn;
    } catch (RuntimeException e) {
      throw new ProvisioningException(name, "could not create topic: " + e.getMessage(), e);
    }
  }

  private TableDescription describe(String name) {
    try {
      DescribeTableResponse response = dynamoDb.describeTable(b -> b.tableName(name));
      return response.table();
    } catch (ResourceNotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      throw new ProvisioningException(name, "could not describe table: " + e.getMessage(), e);
    }
  }

  private void create(String name, TableDefinition table) {
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (IndexDefinition index : table.globalIndexes()) {
      indexes.add(
          GlobalSecondaryIndex.builder()
              .indexName(index.name())
              .keySchema(keySchema(index.key()))
              .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
              .build());
    }
    try {
      dynamoDb.createTable(
          b -> {
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributeDefinitions(table.keyAttributes()))
                .keySchema(keySchema(table.key()));
            if (!indexes.isEmpty()) {
              b.globalSecondaryIndexes(indexes);
            }
          });
      awaitActive(name);
      LOG.info("created table {} ({} indexes)", name, indexes.size());
    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException e) {
      // Another process created it between our describe and create: fine if it matches.
      awaitActive(name);
      checkKey(name, table.key(), describe(name).keySchema());
    } catch (ProvisioningException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProvisioningException(name, "could not create table: " + e.getMessage(), e);
    }
  }

  private void addMissingIndexes(String name, TableDefinition table, TableDescription existing) {
    Set<String> present =
        existing.globalSecondaryIndexes().stream()
            .map(GlobalSecondaryIndexDescription::indexName)
            .collect(Collectors.toSet());
    for (IndexDefinition index : table.globalIndexes()) {
      if (present.contains(index.name())) {
        continue;
      }
      try {
        // One index per UpdateTable: DynamoDB refuses more than one index creation per call.
        dynamoDb.updateTable(
            b ->
                b.tableName(name)
                    .attributeDefinitions(attributeDefinitions(index.key().attributes()))
                    .globalSecondaryIndexUpdates(
                        u ->
                            u.create(
                                CreateGlobalSecondaryIndexAction.builder()
                                    .indexName(index.name())
                                    .keySchema(keySchema(index.key()))
                                    .projection(p -> p.projectionType(ProjectionType.ALL))
                                    .build())));
        awaitIndexActive(name, index.name());
        LOG.info("added index {} to table {}", index.name(), name);
      } catch (ProvisioningException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ProvisioningException(
            name, "could not add index " + index.name() + ": " + e.getMessage(), e);
      }
    }
  }

  private void ensureTtl(String name, String attribute) {
    try {
      var current = dynamoDb.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
      boolean on =
          current != null
              && (current.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                  || current.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
      if (on) {
        if (!attribute.equals(current.attributeName())) {
          throw new ProvisioningException(
              name,
              "TTL reads attribute '"
                  + current.attributeName()
                  + "' but the definition says '"
                  + attribute
                  + "'");
        }
        return;
      }
      dynamoDb.updateTimeToLive(
          b ->
              b.tableName(name)
                  .timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute)));
    } catch (ProvisioningException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ProvisioningException(name, "could not enable TTL: " + e.getMessage(), e);
    }
  }

  private void awaitActive(String name) {
    try (var waiter =
        software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter.builder()
            .client(dynamoDb)
            .overrideConfiguration(
                WaiterOverrideConfiguration.builder().waitTimeout(waitLimit).build())
            .build()) {
      WaiterResponse<DescribeTableResponse> response =
          waiter.waitUntilTableExists(b -> b.tableName(name));
      if (response.matched().exception().isPresent()) {
        throw new ProvisioningException(
            name, "table did not become active", response.matched().exception().get());
      }
    }
  }

  private void awaitIndexActive(String name, String index) {
    long deadline = System.nanoTime() + waitLimit.toNanos();
    while (System.nanoTime() < deadline) {
      TableDescription table = describe(name);
      boolean active =
          table != null
              && table.globalSecondaryIndexes().stream()
                  .anyMatch(
                      i -> i.indexName().equals(index) && i.indexStatus() == IndexStatus.ACTIVE);
      if (active) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProvisioningException(name, "interrupted while waiting for index " + index, e);
      }
    }
    throw new ProvisioningException(
        name, "index " + index + " did not become active in " + waitLimit);
  }

  private static void checkKey(String name, KeySchema defined, List<KeySchemaElement> actual) {
    List<KeySchemaElement> expected = keySchema(defined);
    if (!Set.copyOf(expected).equals(Set.copyOf(actual))) {
      throw new ProvisioningException(
          name,
          "table exists with key "
              + describeKey(actual)
              + " but the definition says "
              + describeKey(expected)
              + "; it cannot be changed in place — delete the table or use another name prefix");
    }
  }

  private static String describeKey(List<KeySchemaElement> key) {
    return key.stream()
        .map(k -> k.attributeName() + " (" + k.keyType() + ")")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static List<KeySchemaElement> keySchema(KeySchema key) {
    List<KeySchemaElement> elements = new ArrayList<>(2);
    elements.add(
        KeySchemaElement.builder()
            .attributeName(key.partitionKey().name())
            .keyType(KeyType.HASH)
            .build());
    key.sortKey()
        .ifPresent(
            s ->
                elements.add(
                    KeySchemaElement.builder()
                        .attributeName(s.name())
                        .keyType(KeyType.RANGE)
                        .build()));
    return elements;
  }

  static List<AttributeDefinition> attributeDefinitions(List<KeyAttribute> attributes) {
    return attributes.stream()
        .map(
            a ->
                AttributeDefinition.builder()
                    .attributeName(a.name())
                    .attributeType(scalarType(a.type()))
                    .build())
        .toList();
  }

  private static ScalarAttributeType scalarType(AttributeType type) {
    return switch (type) {
      case STRING -> ScalarAttributeType.S;
      case NUMBER -> ScalarAttributeType.N;
      case BINARY -> ScalarAttributeType.B;
    };
  }
}
