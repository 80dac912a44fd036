package dev.probefleet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.KeyAttribute;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What every emulator path must do for probefleet: the same checks run on the moto process and on
 * the LocalStack container.
 */
final class EmulatorScenarios {
  private EmulatorScenarios() {}

  /** Every table exists with the key, indexes and TTL of its definition. */
  static void tablesMatchTheirDefinitions(EmulatedAws aws) {
    for (TableDefinition definition : Tables.all()) {
      String name = aws.resources().table(definition);
      TableDescription table = aws.dynamoDb().describeTable(b -> b.tableName(name)).table();
      assertThat(table.keySchema())
          .as(name)
          .containsExactlyElementsOf(expectedKey(definition.key()));
      assertThat(table.globalSecondaryIndexes())
          .as(name + " indexes")
          .extracting(GlobalSecondaryIndexDescription::indexName)
          .containsExactlyInAnyOrderElementsOf(
              definition.globalIndexes().stream().map(IndexDefinition::name).toList());
      for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
        IndexDefinition defined = definition.index(index.indexName()).orElseThrow();
        assertThat(index.keySchema())
            .as(name + "/" + index.indexName())
            .containsExactlyElementsOf(expectedKey(defined.key()));
      }
      var ttl = aws.dynamoDb().describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
      if (definition.ttlAttribute().isPresent()) {
        assertThat(ttl.timeToLiveStatus()).as(name + " TTL").isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo(definition.ttlAttribute().get());
      } else {
        assertThat(ttl.timeToLiveStatus()).as(name + " TTL").isNotEqualTo(TimeToLiveStatus.ENABLED);
      }
    }
  }

  /** Items put into the bootstrapped tables come back from a key query and an index query. */
  static void putAndQuery(EmulatedAws aws) {
    String rounds = aws.resources().table(Tables.ROUNDS);
    long expires = Instant.now().plus(Duration.ofDays(7)).getEpochSecond();
    putRound(aws, rounds, "shop", "2026-11-24T09:01Z#us-east-1", expires, 502);
    putRound(aws, rounds, "shop", "2026-11-24T09:01Z#eu-west-1", expires, 200);
    putRound(aws, rounds, "shop", "2026-11-24T09:00Z#us-east-1", expires, 200);
    putRound(aws, rounds, "cart", "2026-11-24T09:01Z#us-east-1", expires, 200);

    QueryResponse latest =
        aws.dynamoDb()
            .query(
                b ->
                    b.tableName(rounds)
                        .keyConditionExpression("#t = :t AND begins_with(#r, :slot)")
                        .expressionAttributeNames(Map.of("#t", "target", "#r", "roundRegion"))
                        .expressionAttributeValues(
                            Map.of(
                                ":t", s("shop"),
                                ":slot", s("2026-11-24T09:01Z#"))));
    assertThat(latest.items())
        .extracting(i -> i.get("roundRegion").s())
        .containsExactly("2026-11-24T09:01Z#eu-west-1", "2026-11-24T09:01Z#us-east-1");
    assertThat(latest.items()).extracting(i -> i.get("status").n()).containsExactly("200", "502");

    String incidents = aws.resources().table(Tables.INCIDENTS);
    aws.dynamoDb()
        .putItem(
            b ->
                b.tableName(incidents)
                    .item(
                        Map.of(
                            "pk", s("INCIDENT#01JDQ7Z6M8T4Z0000000000000"),
                            "sk", s("META"),
                            "incidentTarget", s("shop"),
                            "incidentId", s("01JDQ7Z6M8T4Z0000000000000"),
                            "incidentLayer", s("ORIGIN"),
                            "openMarker", s("OPEN"))));
    aws.dynamoDb()
        .putItem(
            b ->
                b.tableName(incidents)
                    .item(
                        Map.of(
                            "pk", s("INCIDENT#01JDQ7Z6M8T4Z0000000000000"),
                            "sk", s("TRANSITION#000001"))));
    List<Map<String, AttributeValue>> open =
        aws.dynamoDb()
            .query(
                b ->
                    b.tableName(incidents)
                        .indexName(Tables.OPEN_INCIDENTS.name())
                        .keyConditionExpression("openMarker = :o")
                        .expressionAttributeValues(Map.of(":o", s("OPEN"))))
            .items();
    assertThat(open).extracting(i -> i.get("incidentTarget").s()).containsExactly("shop");
    List<Map<String, AttributeValue>> byTarget =
        aws.dynamoDb()
            .query(
                b ->
                    b.tableName(incidents)
                        .indexName(Tables.INCIDENTS_BY_TARGET.name())
                        .keyConditionExpression("incidentTarget = :t AND incidentId > :since")
                        .expressionAttributeValues(
                            Map.of(":t", s("shop"), ":since", s("01JDQ7Z6M80000000000000000"))))
            .items();
    assertThat(byTarget).extracting(i -> i.get("incidentLayer").s()).containsExactly("ORIGIN");
  }

  /**
   * A message published to the alerts topic reaches every subscribed queue, and a subscription with
   * a filter policy receives exactly the messages that match it.
   */
  static void snsFansOutToQueuesHonouringFilterPolicies(EmulatedAws aws) {
    String topicArn = aws.resources().topicArn(Topics.ALERTS);
    String prefix = aws.names().prefix();
    Queue everything = subscribedQueue(aws, topicArn, prefix + "-all", null);
    Queue originOnly =
        subscribedQueue(aws, topicArn, prefix + "-origin", "{\"layer\": [\"ORIGIN\"]}");

    publish(aws, topicArn, "alert-1", "ORIGIN");
    publish(aws, topicArn, "alert-2", "CDN");
    publish(aws, topicArn, "alert-3", "LOAD_BALANCER");
    publish(aws, topicArn, "alert-4", "ORIGIN");

    assertThat(receiveExactly(aws, everything, 4))
        .containsExactlyInAnyOrder("alert-1", "alert-2", "alert-3", "alert-4");
    assertThat(receiveExactly(aws, originOnly, 2)).containsExactlyInAnyOrder("alert-1", "alert-4");
  }

  private record Queue(String url, String arn) {}

  private static Queue subscribedQueue(
      EmulatedAws aws, String topicArn, String name, String filterPolicy) {
    String url = aws.sqs().createQueue(b -> b.queueName(name)).queueUrl();
    String arn =
        aws.sqs()
            .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    // The policy a real account needs for SNS to deliver; emulators accept it too.
    String policy =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",\
        "Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
            .formatted(arn, topicArn);
    aws.sqs()
        .setQueueAttributes(
            b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    Map<String, String> attributes = new java.util.HashMap<>();
    attributes.put("RawMessageDelivery", "true");
    if (filterPolicy != null) {
      attributes.put("FilterPolicy", filterPolicy);
    }
    aws.sns()
        .subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn).attributes(attributes));
    return new Queue(url, arn);
  }

  private static void publish(EmulatedAws aws, String topicArn, String body, String layer) {
    aws.sns()
        .publish(
            b ->
                b.topicArn(topicArn)
                    .message(body)
                    .messageAttributes(
                        Map.of(
                            "layer",
                            MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(layer)
                                .build())));
  }

  /**
   * Receives until {@code expected} messages arrived (or 20 s passed), then keeps listening for 2 s
   * more to catch any message beyond them.
   */
  private static List<String> receiveExactly(EmulatedAws aws, Queue queue, int expected) {
    List<String> bodies = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (bodies.size() < expected && System.nanoTime() < deadline) {
      bodies.addAll(receive(aws, queue, 1));
    }
    long extra = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < extra) {
      bodies.addAll(receive(aws, queue, 1));
    }
    return bodies;
  }

  private static List<String> receive(EmulatedAws aws, Queue queue, int waitSeconds) {
    List<Message> messages =
        aws.sqs()
            .receiveMessage(
                b -> b.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds))
            .messages();
    for (Message m : messages) {
      aws.sqs().deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle()));
    }
    return messages.stream().map(Message::body).toList();
  }

  private static void putRound(
      EmulatedAws aws, String table, String target, String roundRegion, long expires, int status) {
    aws.dynamoDb()
        .putItem(
            b ->
                b.tableName(table)
                    .item(
                        Map.of(
                            "target", s(target),
                            "roundRegion", s(roundRegion),
                            "expiresAt", n(expires),
                            "status", n(status))));
  }

  private static List<KeySchemaElement> expectedKey(dev.probefleet.definitions.KeySchema key) {
    List<KeySchemaElement> elements = new ArrayList<>();
    elements.add(element(key.partitionKey(), KeyType.HASH));
    key.sortKey().ifPresent(s -> elements.add(element(s, KeyType.RANGE)));
    return elements;
  }

  private static KeySchemaElement element(KeyAttribute attribute, KeyType type) {
    return KeySchemaElement.builder().attributeName(attribute.name()).keyType(type).build();
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
