package dev.probefleet.aws.dynamodb;

import dev.probefleet.aws.codec.TargetCodec;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.model.Target;
import dev.probefleet.store.StoreException;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.TargetTooLargeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The targets registry in the {@code targets} table: one item per target, {@code name} → {@code
 * spec} (the target as JSON, CA bundles inlined, secret references only) and {@code specHash}, so
 * that applying an unchanged file writes nothing.
 */
public final class DynamoTargetRegistry implements TargetRegistry {
  /** How long an operation is retried when no other budget is given. */
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Retrier retrier;
  private final Clock clock;
  private final Duration budget;

  public DynamoTargetRegistry(DynamoDbClient dynamoDb, String table, Retrier retrier, Clock clock) {
    this(dynamoDb, table, retrier, clock, DEFAULT_BUDGET);
  }

  /**
   * @param budget how long one operation (a read, or an apply) is retried through throttling, 5xx
   *     and lost connections before it fails
   */
  public DynamoTargetRegistry(
      DynamoDbClient dynamoDb, String table, Retrier retrier, Clock clock, Duration budget) {
    this.dynamoDb =
        DeadlineBoundDynamoDb.of(
            Objects.requireNonNull(dynamoDb, "dynamoDb"),
            Objects.requireNonNull(retrier, "retrier").clock());
    this.table = Objects.requireNonNull(table, "table");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  @Override
  public List<Target> all(Instant deadline) {
    Instant budget = clock.instant().plus(this.budget);
    return stored(deadline.isBefore(budget) ? deadline : budget).values().stream()
        .map(s -> TargetCodec.decode(s.spec(), s.name()))
        .sorted(Comparator.comparing(Target::name))
        .toList();
  }

  @Override
  public Optional<Target> get(String name) {
    Instant deadline = clock.instant().plus(budget);
    Map<String, AttributeValue> item =
        retrier
            .call(
                "get " + table + "/" + name,
                deadline,
                () ->
                    dynamoDb.getItem(
                        b ->
                            b.tableName(table)
                                .key(Map.of("name", AttributeValue.fromS(name)))
                                .consistentRead(true)))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TargetCodec.decode(item.get("spec").s(), name));
  }

  /**
   * {@inheritDoc}
   *
   * @throws TargetTooLargeException before anything is written, when a target's item would exceed
   *     {@link ItemSize#MAX_BYTES}
   */
  @Override
  public ApplyReport apply(List<Target> targets, boolean prune) {
    return reconcile(targets, prune, true);
  }

  /**
   * {@inheritDoc}
   *
   * @throws TargetTooLargeException when a target's item would exceed {@link ItemSize#MAX_BYTES}
   */
  @Override
  public ApplyReport plan(List<Target> targets, boolean prune) {
    return reconcile(targets, prune, false);
  }

  /**
   * The size of the item a target is stored as, in bytes, as DynamoDB counts it against its 400 KB
   * limit ({@link ItemSize#MAX_BYTES}): its JSON spec (CA bundles inlined), the spec's hash and the
   * time of the write.
   */
  public static long itemBytes(Target target) {
    return ItemSize.of(item(target, TargetCodec.encode(target), Instant.now()));
  }

  private ApplyReport reconcile(List<Target> targets, boolean prune, boolean write) {
    Map<String, Target> wanted = new LinkedHashMap<>();
    for (Target t : targets) {
      if (wanted.put(t.name(), t) != null) {
        throw new StoreException("target " + t.name() + " is given twice");
      }
    }
    Instant now = clock.instant();
    Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    Map<String, Long> oversized = new LinkedHashMap<>();
    for (Target t : wanted.values()) {
      Map<String, AttributeValue> item = item(t, TargetCodec.encode(t), now);
      long bytes = ItemSize.of(item);
      if (bytes > ItemSize.MAX_BYTES) {
        oversized.put(t.name(), bytes);
      }
      items.put(t.name(), item);
    }
    if (!oversized.isEmpty()) {
      throw new TargetTooLargeException(oversized, ItemSize.MAX_BYTES);
    }
    Instant deadline = now.plus(budget);
    Map<String, Stored> current = stored();
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, Map<String, AttributeValue>> e : items.entrySet()) {
      String name = e.getKey();
      Map<String, AttributeValue> item = e.getValue();
      Stored existing = current.get(name);
      if (existing != null && existing.hash().equals(item.get("specHash").s())) {
        unchanged.add(name);
        continue;
      }
      if (write) {
        retrier.call(
            "put " + table + "/" + name,
            deadline,
            () -> dynamoDb.putItem(b -> b.tableName(table).item(item)));
      }
      (existing == null ? added : updated).add(name);
    }
    if (prune) {
      for (String name : current.keySet()) {
        if (!wanted.containsKey(name)) {
          if (write) {
            retrier.call(
                "delete " + table + "/" + name,
                deadline,
                () ->
                    dynamoDb.deleteItem(
                        b -> b.tableName(table).key(Map.of("name", AttributeValue.fromS(name)))));
          }
          removed.add(name);
        }
      }
    }
    return new ApplyReport(added, updated, unchanged, removed);
  }

  private static Map<String, AttributeValue> item(Target target, String spec, Instant updatedAt) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("name", AttributeValue.fromS(target.name()));
    item.put("spec", AttributeValue.fromS(spec));
    item.put("specHash", AttributeValue.fromS(sha256(spec)));
    item.put("updatedAt", AttributeValue.fromS(updatedAt.toString()));
    return item;
  }

  private record Stored(String name, String spec, String hash) {}

  private Map<String, Stored> stored() {
    return stored(clock.instant().plus(budget));
  }

  private Map<String, Stored> stored(Instant deadline) {
    Map<String, Stored> all = new TreeMap<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      ScanResponse page =
          retrier.call(
              "scan " + table,
              deadline,
              () ->
                  dynamoDb.scan(
                      b ->
                          b.tableName(table)
                              .consistentRead(true)
                              .exclusiveStartKey(exclusiveStart)));
      for (Map<String, AttributeValue> item : page.items()) {
        String name = item.get("name").s();
        AttributeValue spec = item.get("spec");
        if (spec == null || spec.s() == null) {
          throw new StoreException("target item " + name + " in " + table + " has no spec");
        }
        AttributeValue hash = item.get("specHash");
        all.put(name, new Stored(name, spec.s(), hash == null ? "" : hash.s()));
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return all;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
