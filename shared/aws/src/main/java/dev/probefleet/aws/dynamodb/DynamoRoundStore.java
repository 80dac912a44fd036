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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Rounds in the {@code rounds} table: key {@code target} / {@code roundRegion} = {@code <slot
 * id>#<region>}, the round as compressed JSON in {@code data} ({@link RoundCodec}), a readable
 * {@code summary}, {@code periodSeconds}, {@code startedAt} (epoch milliseconds) and {@code
 * expiresAt} for TTL. A healthy round of three HTTPS paths stays under 1 KB: one write unit.
 *
 * <p>Writes are conditional puts ({@code attribute_not_exists(target)}), {@code writeConcurrency}
 * at a time: the first write of a round wins and a retried invocation's round is reported as kept
 * (BatchWriteItem cannot carry a condition, and a put per item costs the same write units). From a
 * probe region the table is a cross-region round trip away, so the puts run in parallel; each is
 * retried (throttling, 5xx, lost connections) until the deadline.
 */
public final class DynamoRoundStore implements RoundStore {
  /** Default retention before TTL removes a round. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** How long {@link #latest} (a query without a caller's deadline) is retried. */
  public static final Duration DEFAULT_READ_BUDGET = Duration.ofSeconds(20);

  /** Default puts in flight at once. */
  public static final int DEFAULT_WRITE_CONCURRENCY = 32;

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Duration retention;
  private final Retrier retrier;
  private final int pageSize;
  private final int writeConcurrency;

  public DynamoRoundStore(
      DynamoDbClient dynamoDb, String table, Duration retention, Retrier retrier) {
    this(dynamoDb, table, retention, retrier, 50, DEFAULT_WRITE_CONCURRENCY);
  }

  /**
   * @param pageSize items per query page (tests use a small one to exercise pagination)
   * @param writeConcurrency puts in flight at once
   */
  public DynamoRoundStore(
      DynamoDbClient dynamoDb,
      String table,
      Duration retention,
      Retrier retrier,
      int pageSize,
      int writeConcurrency) {
    this.dynamoDb =
        DeadlineBoundDynamoDb.of(
            Objects.requireNonNull(dynamoDb, "dynamoDb"),
            Objects.requireNonNull(retrier, "retrier").clock());
    this.table = Objects.requireNonNull(table, "table");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    if (pageSize < 1 || writeConcurrency < 1) {
      throw new IllegalArgumentException("pageSize and writeConcurrency must be at least 1");
    }
    this.pageSize = pageSize;
    this.writeConcurrency = writeConcurrency;
  }

  @Override
  public WriteReport write(List<RoundRecord> rounds, Instant deadline) {
    // The last of duplicates in one call, as a retry would send it.
    Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
    for (RoundRecord round : rounds) {
      Map<String, AttributeValue> item = item(round);
      byKey.put(describe(item), item);
    }
    if (byKey.isEmpty()) {
      return WriteReport.written(0);
    }
    int threads = Math.min(writeConcurrency, byKey.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("round-writer-", 0).factory());
    try {
      Map<String, Future<WriteReport>> futures = new LinkedHashMap<>();
      byKey.forEach((key, item) -> futures.put(key, pool.submit(() -> put(key, item, deadline))));
      WriteReport total = WriteReport.written(0);
      for (Map.Entry<String, Future<WriteReport>> f : futures.entrySet()) {
        total = total.plus(await(f.getKey(), f.getValue(), deadline));
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private WriteReport put(String key, Map<String, AttributeValue> item, Instant deadline) {
    try {
      retrier.call(
          "put " + table + "/" + key,
          deadline,
          () ->
              dynamoDb.putItem(
                  b ->
                      b.tableName(table)
                          .item(item)
                          .conditionExpression("attribute_not_exists(#t)")
                          .expressionAttributeNames(Map.of("#t", "target"))
                          .overrideConfiguration(
                              o -> o.apiCallTimeout(Retrier.remaining(deadline)))));
      return WriteReport.written(1);
    } catch (ConditionalCheckFailedException e) {
      return new WriteReport(0, List.of(key), List.of());
    } catch (RuntimeException e) {
      return new WriteReport(
          0, List.of(), List.of(new WriteReport.Failure(key, String.valueOf(e.getMessage()))));
    }
  }

  private static WriteReport await(String key, Future<WriteReport> future, Instant deadline) {
    try {
      long wait = Math.max(1, Duration.between(Instant.now(), deadline).toMillis()) + 1_000;
      return future.get(wait, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new WriteReport(
          0, List.of(), List.of(new WriteReport.Failure(key, "still writing at the deadline")));
    } catch (ExecutionException e) {
      return new WriteReport(
          0, List.of(), List.of(new WriteReport.Failure(key, String.valueOf(e.getCause()))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new WriteReport(0, List.of(), List.of(new WriteReport.Failure(key, "interrupted")));
    }
  }

  @Override
  public List<RoundRecord> slot(String target, RoundSlot slot, Instant deadline) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#t = :t AND begins_with(#r, :slot)")
            .expressionAttributeNames(Map.of("#t", "target", "#r", "roundRegion"))
            .expressionAttributeValues(
                Map.of(
                    ":t", AttributeValue.fromS(target),
                    ":slot", AttributeValue.fromS(slot.id() + "#")))
            .limit(pageSize)
            .build();
    List<RoundRecord> rounds = new ArrayList<>();
    for (Map<String, AttributeValue> item : queryAll(request, deadline)) {
      rounds.add(round(item));
    }
    return rounds;
  }

  @Override
  public SortedMap<RoundSlot, List<RoundRecord>> slots(
      String target, RoundSlot first, RoundSlot last, Instant deadline) {
    SortedMap<RoundSlot, List<RoundRecord>> out = new TreeMap<>();
    if (first.compareTo(last) > 0) {
      return out;
    }
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#t = :t AND #r BETWEEN :from AND :to")
            .expressionAttributeNames(Map.of("#t", "target", "#r", "roundRegion"))
            .expressionAttributeValues(
                Map.of(
                    ":t", AttributeValue.fromS(target),
                    ":from", AttributeValue.fromS(first.id() + "#"),
                    ":to", AttributeValue.fromS(last.id() + "#~")))
            .limit(pageSize)
            .build();
    for (Map<String, AttributeValue> item : queryAll(request, deadline)) {
      RoundRecord round = round(item);
      out.computeIfAbsent(round.slot(), s -> new ArrayList<>()).add(round);
    }
    return out;
  }

  @Override
  public List<RoundRecord> latest(String target, int slots) {
    return latest(target, slots, Instant.now().plus(DEFAULT_READ_BUDGET));
  }

  @Override
  public List<RoundRecord> latest(String target, int slots, Instant deadline) {
    if (slots <= 0) {
      return List.of();
    }
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#t = :t")
            .expressionAttributeNames(Map.of("#t", "target"))
            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(target)))
            .scanIndexForward(false);
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
        String roundRegion = item.get("roundRegion").s();
        String slotId = roundRegion.substring(0, roundRegion.indexOf('#'));
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

  /**
   * Every page of a query, retried until the deadline. Eventually consistent: the analyzer reads a
   * slot after its grace period, long after the rounds were written, and a strongly consistent read
   * would cost twice as much.
   */
  private List<Map<String, AttributeValue>> queryAll(QueryRequest request, Instant deadline) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse page =
          call(
              "query " + table,
              deadline,
              () -> dynamoDb.query(request.toBuilder().exclusiveStartKey(exclusiveStart).build()));
      items.addAll(page.items());
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return items;
  }

  private <T> T call(String operation, Instant deadline, java.util.function.Supplier<T> call) {
    try {
      return retrier.call(operation, deadline, call);
    } catch (Retrier.DeadlineExceeded e) {
      throw new StoreException(e.getMessage(), e.getCause());
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw new StoreException(operation + " failed: " + e.getMessage(), e);
    }
  }

  Map<String, AttributeValue> item(RoundRecord round) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("target", AttributeValue.fromS(round.target()));
    // The slot and the region are read back from the sort key: every byte of a round item is
    // written every slot from every region, and an item over 1 KB costs a second write unit.
    item.put("roundRegion", AttributeValue.fromS(sortKey(round.slot(), round.region())));
    item.put(
        "periodSeconds", AttributeValue.fromN(Long.toString(round.slot().period().toSeconds())));
    item.put("startedAt", AttributeValue.fromN(Long.toString(round.startedAt().toEpochMilli())));
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
      String sortKey = item.get("roundRegion").s();
      int hash = sortKey.indexOf('#');
      RoundSlot slot =
          new RoundSlot(
              Instant.parse(sortKey.substring(0, hash)),
              Duration.ofSeconds(Long.parseLong(item.get("periodSeconds").n())));
      return RoundCodec.decode(
          item.get("data").b().asByteArray(),
          item.get("target").s(),
          slot,
          sortKey.substring(hash + 1),
          Instant.ofEpochMilli(Long.parseLong(item.get("startedAt").n())),
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
