package dev.probefleet.aws.dynamodb;

import dev.probefleet.aws.codec.RoundCodec;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.StoreException;
import dev.probefleet.store.WriteReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Rounds in the {@code rounds} table: key {@code target} / {@code roundRegion} = {@code <slot
 * id>#<region>}, the observations as compressed JSON in {@code data}, a readable {@code summary},
 * and {@code expiresAt} for TTL. A retried invocation rewrites the same item.
 */
public final class DynamoRoundStore implements RoundStore {
  /** Default retention before TTL removes a round. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** How long a read is retried when no other budget is given. */
  public static final Duration DEFAULT_READ_BUDGET = Duration.ofSeconds(20);

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Duration retention;
  private final Retrier retrier;
  private final BatchWriter writer;
  private final int pageSize;
  private final Duration readBudget;

  public DynamoRoundStore(
      DynamoDbClient dynamoDb, String table, Duration retention, Retrier retrier) {
    this(dynamoDb, table, retention, retrier, 50);
  }

  /**
   * @param pageSize items per query page (tests use a small one to exercise pagination)
   */
  public DynamoRoundStore(
      DynamoDbClient dynamoDb, String table, Duration retention, Retrier retrier, int pageSize) {
    this(dynamoDb, table, retention, retrier, pageSize, DEFAULT_READ_BUDGET);
  }

  /**
   * @param pageSize items per query page
   * @param readBudget how long a read is retried (throttling, 5xx, lost connections) before it
   *     fails; keep it well below the invocation's timeout
   */
  public DynamoRoundStore(
      DynamoDbClient dynamoDb,
      String table,
      Duration retention,
      Retrier retrier,
      int pageSize,
      Duration readBudget) {
    this.readBudget = Objects.requireNonNull(readBudget, "readBudget");
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.table = Objects.requireNonNull(table, "table");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    this.writer = new BatchWriter(dynamoDb, retrier);
    this.pageSize = pageSize;
  }

  @Override
  public WriteReport write(List<RoundRecord> rounds, Instant deadline) {
    // BatchWriteItem refuses two puts of one key in a request; the last one wins, as a retry would.
    Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
    for (RoundRecord round : rounds) {
      Map<String, AttributeValue> item = item(round);
      byKey.put(describe(item), item);
    }
    return writer.put(table, List.copyOf(byKey.values()), DynamoRoundStore::describe, deadline);
  }

  @Override
  public List<RoundRecord> slot(String target, RoundSlot slot) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#t = :t AND begins_with(#r, :slot)")
            .expressionAttributeNames(Map.of("#t", "target", "#r", "roundRegion"))
            .expressionAttributeValues(
                Map.of(
                    ":t", AttributeValue.fromS(target),
                    ":slot", AttributeValue.fromS(slot.id() + "#")))
            .consistentRead(true)
            .limit(pageSize)
            .build();
    List<RoundRecord> rounds = new ArrayList<>();
    for (Map<String, AttributeValue> item : queryAll(request, Integer.MAX_VALUE)) {
      rounds.add(round(item));
    }
    return rounds;
  }

  @Override
  public List<RoundRecord> latest(String target, int slots) {
    if (slots <= 0) {
      return List.of();
    }
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#t = :t")
            .expressionAttributeNames(Map.of("#t", "target"))
            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(target)))
            .scanIndexForward(false)
            .consistentRead(true);
    Instant deadline = Instant.now().plus(readBudget);
    Map<String, AttributeValue> start = null;
    Set<String> slotIds = new LinkedHashSet<>();
    List<RoundRecord> rounds = new ArrayList<>();
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse page =
          retrier.call(
              "query " + table,
              deadline,
              () ->
                  dynamoDb.query(
                      request.exclusiveStartKey(exclusiveStart).limit(pageSize).build()));
      for (Map<String, AttributeValue> item : page.items()) {
        String slotId = item.get("slot").s();
        if (!slotIds.contains(slotId) && slotIds.size() == slots) {
          return rounds;
        }
        slotIds.add(slotId);
        rounds.add(round(item));
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return rounds;
  }

  private List<Map<String, AttributeValue>> queryAll(QueryRequest request, int max) {
    Instant deadline = Instant.now().plus(readBudget);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse page =
          retrier.call(
              "query " + table,
              deadline,
              () -> dynamoDb.query(request.toBuilder().exclusiveStartKey(exclusiveStart).build()));
      items.addAll(page.items());
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null && items.size() < max);
    return items;
  }

  Map<String, AttributeValue> item(RoundRecord round) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("target", AttributeValue.fromS(round.target()));
    item.put("roundRegion", AttributeValue.fromS(sortKey(round.slot(), round.region())));
    item.put("slot", AttributeValue.fromS(round.slot().id()));
    item.put(
        "periodSeconds", AttributeValue.fromN(Long.toString(round.slot().period().toSeconds())));
    item.put("region", AttributeValue.fromS(round.region()));
    item.put("startedAt", AttributeValue.fromS(round.startedAt().toString()));
    item.put(
        "expiresAt",
        AttributeValue.fromN(Long.toString(round.slot().start().plus(retention).getEpochSecond())));
    item.put("summary", AttributeValue.fromS(summary(round)));
    item.put(
        "data",
        AttributeValue.fromB(
            SdkBytes.fromByteArray(
                RoundCodec.encode(
                    round, RoundCodec.DEFAULT_BODY_LIMIT, RoundCodec.DEFAULT_MAX_BYTES))));
    return item;
  }

  private static RoundRecord round(Map<String, AttributeValue> item) {
    String key = describe(item);
    try {
      RoundSlot slot =
          new RoundSlot(
              Instant.parse(item.get("slot").s()),
              Duration.ofSeconds(Long.parseLong(item.get("periodSeconds").n())));
      return RoundCodec.decode(
          item.get("data").b().asByteArray(),
          item.get("target").s(),
          slot,
          item.get("region").s(),
          Instant.parse(item.get("startedAt").s()),
          key);
    } catch (NullPointerException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new StoreException("round " + key + " is malformed: " + e.getMessage(), e);
    }
  }

  static String sortKey(RoundSlot slot, String region) {
    return slot.id() + "#" + region;
  }

  private static String describe(Map<String, AttributeValue> item) {
    return item.get("target").s() + "/" + item.get("roundRegion").s();
  }

  private static String summary(RoundRecord round) {
    return round.observations().stream()
        .map(DynamoRoundStore::summary)
        .collect(Collectors.joining(" "));
  }

  private static String summary(PathObservation o) {
    var r = o.representative();
    String status = r.status() == null ? "-" : r.status().toString();
    String burst =
        o.samples().size() > 1
            ? " (" + Math.round(o.failureRate() * 100) + "% of " + o.samples().size() + " failing)"
            : "";
    return o.label() + "=" + r.failureClass() + "/" + status + burst;
  }
}
