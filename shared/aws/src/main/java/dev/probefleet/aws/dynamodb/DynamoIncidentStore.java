package dev.probefleet.aws.dynamodb;

import static dev.probefleet.aws.dynamodb.IncidentItems.ALERT_PREFIX;
import static dev.probefleet.aws.dynamodb.IncidentItems.BASELINE_PREFIX;
import static dev.probefleet.aws.dynamodb.IncidentItems.DEAD;
import static dev.probefleet.aws.dynamodb.IncidentItems.DUE_ATTR;
import static dev.probefleet.aws.dynamodb.IncidentItems.ID_ATTR;
import static dev.probefleet.aws.dynamodb.IncidentItems.LAYER_ATTR;
import static dev.probefleet.aws.dynamodb.IncidentItems.META;
import static dev.probefleet.aws.dynamodb.IncidentItems.OPEN;
import static dev.probefleet.aws.dynamodb.IncidentItems.OPEN_ATTR;
import static dev.probefleet.aws.dynamodb.IncidentItems.PENDING;
import static dev.probefleet.aws.dynamodb.IncidentItems.PENDING_ATTR;
import static dev.probefleet.aws.dynamodb.IncidentItems.PK;
import static dev.probefleet.aws.dynamodb.IncidentItems.SK;
import static dev.probefleet.aws.dynamodb.IncidentItems.TARGET_ATTR;
import static dev.probefleet.aws.dynamodb.IncidentItems.TRANSITION_PREFIX;
import static dev.probefleet.aws.dynamodb.IncidentItems.WINDOW;
import static dev.probefleet.aws.dynamodb.IncidentItems.incidentKey;
import static dev.probefleet.aws.dynamodb.IncidentItems.key;
import static dev.probefleet.aws.dynamodb.IncidentItems.n;
import static dev.probefleet.aws.dynamodb.IncidentItems.s;
import static dev.probefleet.aws.dynamodb.IncidentItems.strings;
import static dev.probefleet.aws.dynamodb.IncidentItems.targetKey;

import dev.probefleet.aws.codec.TargetStatusJson;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.Tables;
import dev.probefleet.incident.CertificateState;
import dev.probefleet.incident.CertificateStateJson;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.IncidentStateJson;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.store.AlertRecord;
import dev.probefleet.store.CommitResult;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.DeadLetter;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.IncidentIdRange;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStatus;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.IncidentTimeline;
import dev.probefleet.store.LearnedBaseline;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.StoreException;
import dev.probefleet.store.TargetState;
import dev.probefleet.store.TargetStatus;
import dev.probefleet.store.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The incident history, the analyzer's state and the alert outbox in the {@code incidents} table
 * (item layout: {@link IncidentItems}; access patterns: the package documentation).
 *
 * <p>A commit is one {@code TransactWriteItems}: the target's state item, conditional on the
 * version read (optimistic concurrency); the incident's META item; and per transition its
 * TRANSITION item and its ALERT item (with {@code pendingMarker}), each conditional on not existing
 * yet. The outcome of a cancelled transaction is decided from its cancellation reasons, never
 * simply failed: the state moved on → {@link CommitResult.Outcome#CONFLICT} (the caller decides
 * again on the new state); transitions already recorded (an earlier attempt whose answer was lost)
 * → written again without them; a conflicting transaction or throttling → retried. The request
 * carries a client request token derived from its content, so a retry of an identical transaction
 * that did go through is acknowledged by DynamoDB itself.
 */
public final class DynamoIncidentStore implements IncidentStore {
  /** How long a read is retried when no other budget is given. */
  public static final Duration DEFAULT_READ_BUDGET = Duration.ofSeconds(20);

  private static final Set<String> RETRYABLE_REASONS =
      Set.of("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded");
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Retrier retrier;
  private final Clock clock;
  private final Duration readBudget;
  private final ContinuationTokens tokens;

  public DynamoIncidentStore(DynamoDbClient dynamoDb, String table, Retrier retrier, Clock clock) {
    this(dynamoDb, table, retrier, clock, DEFAULT_READ_BUDGET);
  }

  /**
   * A store whose continuation tokens are signed with a key derived from the table's name (see
   * {@link ContinuationTokens#derivedFrom}).
   *
   * @param readBudget how long a read is retried (throttling, 5xx, lost connections) before it
   *     fails; keep it well below the invocation's timeout
   */
  public DynamoIncidentStore(
      DynamoDbClient dynamoDb, String table, Retrier retrier, Clock clock, Duration readBudget) {
    this(dynamoDb, table, retrier, clock, readBudget, ContinuationTokens.derivedFrom(table));
  }

  /**
   * @param readBudget how long a read is retried (throttling, 5xx, lost connections) before it
   *     fails, when the caller gives no earlier deadline; keep it well below the invocation's
   *     timeout
   * @param tokens signs and checks continuation tokens, as every store of the host does
   */
  public DynamoIncidentStore(
      DynamoDbClient dynamoDb,
      String table,
      Retrier retrier,
      Clock clock,
      Duration readBudget,
      ContinuationTokens tokens) {
    this.dynamoDb =
        DeadlineBoundDynamoDb.of(
            Objects.requireNonNull(dynamoDb, "dynamoDb"),
            Objects.requireNonNull(retrier, "retrier").clock());
    this.table = Objects.requireNonNull(table, "table");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.readBudget = Objects.requireNonNull(readBudget, "readBudget");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  // --- state -------------------------------------------------------------------------------------

  @Override
  public TargetState load(String target, Instant deadline) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", PK))
            .expressionAttributeValues(Map.of(":pk", s(targetKey(target))))
            .consistentRead(true)
            .build();
    Map<String, AttributeValue> window = null;
    Map<String, LearnedBaseline> learned = new TreeMap<>();
    for (Map<String, AttributeValue> item : queryAll(request, "state of " + target, deadline)) {
      String sk = item.get(SK).s();
      if (sk.equals(WINDOW)) {
        window = item;
      } else if (sk.startsWith(BASELINE_PREFIX)) {
        LearnedBaseline b = IncidentItems.baseline(item);
        learned.put(b.path(), b);
      }
    }
    if (window == null) {
      return new TargetState(
          target,
          IncidentState.empty(target),
          CertificateState.empty(target),
          learned,
          Optional.empty(),
          0);
    }
    try {
      IncidentItems.StateDocuments docs = IncidentItems.stateDocuments(window);
      IncidentState state = IncidentStateJson.read(docs.state());
      if (!state.target().equals(target)) {
        throw new StoreException(
            "state item of " + target + " in " + table + " holds the state of " + state.target());
      }
      Optional<TargetStatus> status = docs.status().map(j -> TargetStatusJson.read(j, target));
      CertificateState certificates =
          docs.certificates()
              .map(CertificateStateJson::read)
              .orElse(CertificateState.empty(target));
      return new TargetState(
          target, state, certificates, learned, status, IncidentItems.num(window, "version"));
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreException(
          "state item of " + target + " in " + table + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public CommitResult commit(IncidentCommit commit, Instant deadline) {
    String target = commit.target();
    long version = commit.expectedVersion() + 1;
    Instant now = clock.instant();
    Map<String, AttributeValue> state =
        IncidentItems.stateItem(
            target,
            IncidentStateJson.write(commit.state()),
            commit.certificates().open().isEmpty() && commit.certificates().newest().isEmpty()
                ? Optional.empty()
                : Optional.of(CertificateStateJson.write(commit.certificates())),
            commit.status().map(TargetStatusJson::write),
            version,
            commit.state().open().map(o -> o.id()));
    Put.Builder statePut = Put.builder().tableName(table).item(state);
    if (commit.expectedVersion() == 0) {
      statePut
          .conditionExpression("attribute_not_exists(#pk)")
          .expressionAttributeNames(Map.of("#pk", PK));
    } else {
      statePut
          .conditionExpression("#version = :expected")
          .expressionAttributeNames(Map.of("#version", "version"))
          .expressionAttributeValues(Map.of(":expected", n(commit.expectedVersion())));
    }
    Put stateWrite = statePut.build();

    List<IncidentCommit.Entry> remaining = new ArrayList<>(commit.entries());
    int attempt = 0;
    while (true) {
      attempt++;
      if (remaining.isEmpty()) {
        return putState(target, stateWrite, version, deadline);
      }
      List<TransactWriteItem> items = new ArrayList<>();
      items.add(TransactWriteItem.builder().put(stateWrite).build());
      items.addAll(metaUpdates(remaining, now));
      int firstEntry = items.size();
      for (IncidentCommit.Entry entry : remaining) {
        items.add(putIfAbsent(IncidentItems.transitionItem(entry, now)));
        items.add(putIfAbsent(IncidentItems.alertItem(entry, now)));
      }
      String token = token(items);
      try {
        call(
            "commit " + target + " v" + version,
            deadline,
            () ->
                dynamoDb.transactWriteItems(
                    b ->
                        b.transactItems(items)
                            .clientRequestToken(token)
                            .overrideConfiguration(
                                o -> o.apiCallTimeout(Retrier.remaining(deadline)))));
        return new CommitResult(
            CommitResult.Outcome.COMMITTED,
            version,
            remaining.stream().map(e -> e.alert().alertId()).toList());
      } catch (TransactionInProgressException e) {
        // An earlier attempt with the same token is still being applied: its outcome will be this
        // one's, so wait and ask again.
        pauseBeforeRetry("commit " + target, attempt, deadline, e);
        continue;
      } catch (TransactionCanceledException e) {
        List<String> codes =
            e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(CancellationReason::code).toList()
                : List.of();
        if (codes.isEmpty()) {
          throw new StoreException(
              "commit of "
                  + target
                  + " in "
                  + table
                  + " cancelled without reasons: "
                  + e.getMessage(),
              e);
        }
        if (CONDITION_FAILED.equals(codes.get(0))) {
          return new CommitResult(
              CommitResult.Outcome.CONFLICT, commit.expectedVersion(), List.of());
        }
        Set<Integer> recorded = new LinkedHashSet<>();
        for (int i = firstEntry; i < codes.size(); i++) {
          if (CONDITION_FAILED.equals(codes.get(i))) {
            recorded.add((i - firstEntry) / 2);
          }
        }
        if (!recorded.isEmpty()) {
          List<IncidentCommit.Entry> left = new ArrayList<>();
          for (int i = 0; i < remaining.size(); i++) {
            if (!recorded.contains(i)) {
              left.add(remaining.get(i));
            }
          }
          remaining = left;
          continue;
        }
        if (codes.stream().allMatch(c -> "None".equals(c) || RETRYABLE_REASONS.contains(c))) {
          pauseBeforeRetry("commit " + target, attempt, deadline, e);
          continue;
        }
        throw new StoreException(
            "commit of " + target + " in " + table + " refused: " + codes + " " + e.getMessage(),
            e);
      }
    }
  }

  private CommitResult putState(String target, Put statePut, long version, Instant deadline) {
    try {
      call(
          "put state of " + target,
          deadline,
          () ->
              dynamoDb.putItem(
                  b ->
                      b.tableName(table)
                          .item(statePut.item())
                          .conditionExpression(statePut.conditionExpression())
                          .expressionAttributeNames(statePut.expressionAttributeNames())
                          .expressionAttributeValues(
                              statePut.hasExpressionAttributeValues()
                                  ? statePut.expressionAttributeValues()
                                  : null)));
      return new CommitResult(CommitResult.Outcome.COMMITTED, version, List.of());
    } catch (ConditionalCheckFailedException e) {
      return new CommitResult(CommitResult.Outcome.CONFLICT, version - 1, List.of());
    }
  }

  /**
   * One update of each incident's META item: its identity and index attributes, the last
   * transition's signature and number, the opening slot on opening, {@code openMarker} set while
   * open and removed on resolving. An update, not a put: later transitions do not know the opening
   * slot.
   */
  private List<TransactWriteItem> metaUpdates(List<IncidentCommit.Entry> entries, Instant now) {
    Map<String, List<IncidentCommit.Entry>> byIncident = new LinkedHashMap<>();
    for (IncidentCommit.Entry e : entries) {
      byIncident.computeIfAbsent(e.transition().incidentId(), k -> new ArrayList<>()).add(e);
    }
    List<TransactWriteItem> updates = new ArrayList<>();
    for (List<IncidentCommit.Entry> group : byIncident.values()) {
      group.sort(Comparator.comparingInt(e -> e.transition().number()));
      IncidentCommit.Entry last = group.get(group.size() - 1);
      Transition t = last.transition();
      Map<String, String> names = new LinkedHashMap<>();
      Map<String, AttributeValue> values = new LinkedHashMap<>();
      List<String> set = new ArrayList<>();
      Map<String, AttributeValue> fields = new LinkedHashMap<>();
      fields.put(ID_ATTR, s(t.incidentId()));
      fields.put(TARGET_ATTR, s(t.target()));
      fields.put(LAYER_ATTR, s(t.signature().layer().name()));
      fields.put("cause", s(t.signature().cause().name()));
      fields.put("severity", s(t.signature().severity().name()));
      fields.put("scope", s(t.signature().scope().name()));
      fields.put("regions", strings(t.signature().regions()));
      fields.put("lastTransitionAt", s(t.slot().id()));
      fields.put("transitions", n(t.number()));
      fields.put("summary", s(last.summary()));
      fields.put("updatedAt", s(now.toString()));
      boolean resolved = t.kind() == TransitionKind.RESOLVED;
      fields.put(
          "status", s(resolved ? IncidentStatus.RESOLVED.name() : IncidentStatus.OPEN.name()));
      if (resolved) {
        fields.put("resolvedAt", s(t.slot().id()));
      } else {
        fields.put(OPEN_ATTR, s(OPEN));
      }
      group.stream()
          .filter(e -> e.transition().kind() == TransitionKind.OPENED)
          .findFirst()
          .ifPresent(
              opened -> {
                fields.put("openedAt", s(opened.transition().slot().id()));
                fields.put("period", s(opened.transition().slot().period().toString()));
              });
      int i = 0;
      for (Map.Entry<String, AttributeValue> f : fields.entrySet()) {
        names.put("#f" + i, f.getKey());
        values.put(":v" + i, f.getValue());
        set.add("#f" + i + " = :v" + i);
        i++;
      }
      String expression = "SET " + String.join(", ", set);
      if (resolved) {
        names.put("#open", OPEN_ATTR);
        expression += " REMOVE #open";
      }
      String update = expression;
      updates.add(
          TransactWriteItem.builder()
              .update(
                  Update.builder()
                      .tableName(table)
                      .key(key(incidentKey(t.incidentId()), META))
                      .updateExpression(update)
                      .expressionAttributeNames(names)
                      .expressionAttributeValues(values)
                      .build())
              .build());
    }
    return updates;
  }

  private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .build())
        .build();
  }

  /**
   * DynamoDB's idempotency token for a transaction: the same content gives the same token, so a
   * retry of a transaction that went through (its answer lost) is acknowledged, not refused.
   */
  private static String token(List<TransactWriteItem> items) {
    return UUID.nameUUIDFromBytes(items.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  // --- baselines ---------------------------------------------------------------------------------

  @Override
  public List<String> saveBaselines(
      String target, List<LearnedBaseline> baselines, Instant deadline) {
    List<String> saved = new ArrayList<>();
    for (LearnedBaseline baseline : baselines) {
      Map<String, AttributeValue> item =
          IncidentItems.baselineItem(target, baseline, clock.instant());
      try {
        call(
            "save baseline " + target + "/" + baseline.path(),
            deadline,
            () ->
                dynamoDb.putItem(
                    b ->
                        b.tableName(table)
                            .item(item)
                            .conditionExpression("attribute_not_exists(#pk) OR #through < :through")
                            .expressionAttributeNames(
                                Map.of("#pk", PK, "#through", "learnedThroughMs"))
                            .expressionAttributeValues(
                                Map.of(":through", n(baseline.learnedThrough().toEpochMilli())))));
        saved.add(baseline.path());
      } catch (ConditionalCheckFailedException e) {
        // already learned from this slot or a newer one
      }
    }
    return saved;
  }

  // --- status ------------------------------------------------------------------------------------

  @Override
  public Map<String, TargetStatus> statuses(Collection<String> targets) {
    return statuses(targets, clock.instant().plus(readBudget));
  }

  @Override
  public Map<String, TargetStatus> statuses(Collection<String> targets, Instant callerDeadline) {
    Map<String, TargetStatus> out = new LinkedHashMap<>();
    List<String> names = targets.stream().distinct().toList();
    Instant deadline = readDeadline(callerDeadline);
    for (int start = 0; start < names.size(); start += 100) {
      List<Map<String, AttributeValue>> keys =
          names.subList(start, Math.min(names.size(), start + 100)).stream()
              .map(t -> key(targetKey(t), WINDOW))
              .toList();
      for (Map<String, AttributeValue> item :
          batchGet(keys, false, List.of(PK, SK, "doc", "status", "state"), deadline)) {
        String target = item.get(PK).s().substring("TARGET#".length());
        IncidentItems.stateDocuments(item)
            .status()
            .ifPresent(j -> out.put(target, TargetStatusJson.read(j, target)));
      }
    }
    Map<String, TargetStatus> ordered = new LinkedHashMap<>();
    for (String name : names) {
      if (out.containsKey(name)) {
        ordered.put(name, out.get(name));
      }
    }
    return ordered;
  }

  // --- outbox ------------------------------------------------------------------------------------

  private static final Set<String> OUTBOX_KEY = Set.of(PK, SK, PENDING_ATTR, DUE_ATTR);

  @Override
  public Page<PendingAlert> pending(Instant dueBy, PageRequest page, Instant deadline) {
    String query = Tables.PENDING_ALERTS.name();
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    values.put(":p", s(PENDING));
    String condition = "#p = :p";
    Map<String, String> names = new LinkedHashMap<>();
    names.put("#p", PENDING_ATTR);
    if (dueBy.isBefore(Instant.ofEpochMilli(9_999_999_999_999L))) {
      condition += " AND #due <= :due";
      names.put("#due", DUE_ATTR);
      values.put(":due", s(IncidentItems.dueKey(dueBy, "~")));
    }
    QueryResponse response =
        outboxPage(query, condition, names, values, true, page, readDeadline(deadline));
    List<Map<String, AttributeValue>> stillPending = confirm(response.items(), PENDING);
    return new Page<>(
        stillPending.stream().map(IncidentItems::pendingAlert).toList(), next(response, query));
  }

  @Override
  public Page<DeadLetter> deadLetters(PageRequest page) {
    String query = "deadLetters";
    QueryResponse response =
        outboxPage(
            query,
            "#p = :p",
            Map.of("#p", PENDING_ATTR),
            Map.of(":p", s(DEAD)),
            false,
            page,
            clock.instant().plus(readBudget));
    List<Map<String, AttributeValue>> dead = confirm(response.items(), DEAD);
    return new Page<>(dead.stream().map(IncidentItems::deadLetter).toList(), next(response, query));
  }

  private QueryResponse outboxPage(
      String query,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      boolean ascending,
      PageRequest page,
      Instant deadline) {
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(table)
            .indexName(Tables.PENDING_ALERTS.name())
            .keyConditionExpression(condition)
            .expressionAttributeNames(names)
            .expressionAttributeValues(values)
            .scanIndexForward(ascending)
            .limit(page.limit());
    page.continuation()
        .ifPresent(t -> request.exclusiveStartKey(attributes(tokens.decode(t, query, OUTBOX_KEY))));
    return queryPage(request.build(), query, page, deadline);
  }

  /**
   * The index is eventually consistent: an alert published a moment ago may still be listed. A
   * strongly consistent read of the listed items keeps those really still in the state the index
   * showed, so a run does not publish again what another (or itself) just published.
   */
  private List<Map<String, AttributeValue>> confirm(
      List<Map<String, AttributeValue>> listed, String marker) {
    if (listed.isEmpty()) {
      return List.of();
    }
    List<Map<String, AttributeValue>> keys =
        listed.stream().map(i -> key(i.get(PK).s(), i.get(SK).s())).toList();
    Map<String, Map<String, AttributeValue>> found = new HashMap<>();
    for (Map<String, AttributeValue> item :
        batchGet(keys, true, List.of(), clock.instant().plus(readBudget))) {
      found.put(IncidentItems.describe(item), item);
    }
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : listed) {
      Map<String, AttributeValue> current = found.get(IncidentItems.describe(item));
      if (current != null
          && current.containsKey(PENDING_ATTR)
          && marker.equals(current.get(PENDING_ATTR).s())) {
        out.add(current);
      }
    }
    return out;
  }

  /** Reads items by key, 100 at a time, re-asking for unprocessed keys until the deadline. */
  private List<Map<String, AttributeValue>> batchGet(
      List<Map<String, AttributeValue>> keys,
      boolean consistent,
      List<String> attributes,
      Instant deadline) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (int start = 0; start < keys.size(); start += 100) {
      KeysAndAttributes.Builder wanted =
          KeysAndAttributes.builder()
              .keys(keys.subList(start, Math.min(keys.size(), start + 100)))
              .consistentRead(consistent);
      if (!attributes.isEmpty()) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
          names.put("#a" + i, attributes.get(i));
        }
        wanted
            .projectionExpression(String.join(", ", names.keySet()))
            .expressionAttributeNames(names);
      }
      Map<String, KeysAndAttributes> request = Map.of(table, wanted.build());
      int attempt = 0;
      while (!request.isEmpty()) {
        attempt++;
        Map<String, KeysAndAttributes> current = request;
        BatchGetItemResponse response =
            call(
                "read " + keys.size() + " item(s)",
                deadline,
                () -> dynamoDb.batchGetItem(b -> b.requestItems(current)));
        out.addAll(response.responses().getOrDefault(table, List.of()));
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        if (!request.isEmpty()) {
          if (!clock.instant().isBefore(deadline)) {
            throw new StoreException(
                "items of " + table + " still unprocessed when the deadline passed");
          }
          retrier.pause(
              retrier.backoff(attempt),
              "batch read",
              attempt,
              new StoreException("items of " + table + " left unprocessed"));
        }
      }
    }
    return out;
  }

  @Override
  public boolean markPublished(String incidentId, int number, String messageId, Instant deadline) {
    return updatePending(
        "mark alert " + incidentId + "-" + number + " published",
        incidentId,
        number,
        "SET #at = :at, #mid = :mid REMOVE #pending, #due",
        Map.of("#at", "publishedAt", "#mid", "messageId"),
        Map.of(":at", s(clock.instant().toString()), ":mid", s(messageId)),
        deadline);
  }

  @Override
  public boolean recordFailure(
      String incidentId, int number, String error, Instant nextAttemptAt, Instant deadline) {
    String alertId = incidentId + "-" + number;
    return updatePending(
        "record failure of alert " + alertId,
        incidentId,
        number,
        "SET #attempts = if_not_exists(#attempts, :zero) + :one, #err = :err, #next = :next,"
            + " #due = :due",
        Map.of("#attempts", "attempts", "#err", "lastError", "#next", "nextAttemptAt"),
        Map.of(
            ":zero", n(0),
            ":one", n(1),
            ":err", s(error.isEmpty() ? "-" : error),
            ":next", s(nextAttemptAt.toString()),
            ":due", s(IncidentItems.dueKey(nextAttemptAt, alertId))),
        deadline);
  }

  @Override
  public boolean deadLetter(String incidentId, int number, String reason, Instant deadline) {
    String alertId = incidentId + "-" + number;
    Instant now = clock.instant();
    return updatePending(
        "dead-letter alert " + alertId,
        incidentId,
        number,
        "SET #pending = :dead, #due = :due, #reason = :reason, #deadAt = :at",
        Map.of("#reason", "deadLetter", "#deadAt", "deadLetteredAt"),
        Map.of(
            ":dead", s(DEAD),
            ":due", s(IncidentItems.dueKey(now, alertId)),
            ":reason", s(reason.isEmpty() ? "-" : reason),
            ":at", s(now.toString())),
        deadline);
  }

  /** An update of an alert still pending; false when it no longer was. */
  private boolean updatePending(
      String operation,
      String incidentId,
      int number,
      String update,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      Instant deadline) {
    Map<String, String> allNames = new LinkedHashMap<>(names);
    allNames.put("#pending", PENDING_ATTR);
    allNames.put("#due", DUE_ATTR);
    Map<String, AttributeValue> allValues = new LinkedHashMap<>(values);
    allValues.put(":pendingNow", s(PENDING));
    try {
      call(
          operation,
          deadline,
          () ->
              dynamoDb.updateItem(
                  b ->
                      b.tableName(table)
                          .key(key(incidentKey(incidentId), IncidentItems.alertKey(number)))
                          .updateExpression(update)
                          .conditionExpression("#pending = :pendingNow")
                          .expressionAttributeNames(allNames)
                          .expressionAttributeValues(allValues)));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  // --- history -----------------------------------------------------------------------------------

  @Override
  public Page<IncidentSummary> find(IncidentQuery query, PageRequest page) {
    return find(query, page, clock.instant().plus(readBudget));
  }

  @Override
  public Page<IncidentSummary> find(IncidentQuery query, PageRequest page, Instant deadline) {
    IndexDefinition index;
    String partitionAttr;
    String partitionValue;
    List<String> filters = new ArrayList<>();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    if (query.target().isPresent()) {
      index = Tables.INCIDENTS_BY_TARGET;
      partitionAttr = TARGET_ATTR;
      partitionValue = query.target().get();
      query
          .layer()
          .ifPresent(
              l -> {
                names.put("#layer", LAYER_ATTR);
                values.put(":layer", s(l.name()));
                filters.add("#layer = :layer");
              });
      query.status().ifPresent(st -> filterStatus(st, filters, names, values));
    } else if (query.layer().isPresent()) {
      index = Tables.INCIDENTS_BY_LAYER;
      partitionAttr = LAYER_ATTR;
      partitionValue = query.layer().get().name();
      query.status().ifPresent(st -> filterStatus(st, filters, names, values));
    } else {
      index = Tables.OPEN_INCIDENTS;
      partitionAttr = OPEN_ATTR;
      partitionValue = OPEN;
    }
    String queryId = index.name() + ":" + partitionValue;
    IncidentIdRange range = IncidentIdRange.of(query.since(), query.until());
    if (range.empty()) {
      return new Page<>(List.of(), Optional.empty());
    }
    names.put("#p", partitionAttr);
    names.put("#id", ID_ATTR);
    values.put(":p", s(partitionValue));
    values.put(":lo", s(range.lowest()));
    values.put(":hi", s(range.highest()));
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(table)
            .indexName(index.name())
            .keyConditionExpression("#p = :p AND #id BETWEEN :lo AND :hi")
            .expressionAttributeNames(names)
            .expressionAttributeValues(values)
            .scanIndexForward(false)
            .limit(page.limit());
    if (!filters.isEmpty()) {
      request.filterExpression(String.join(" AND ", filters));
    }
    page.continuation()
        .ifPresent(
            t ->
                request.exclusiveStartKey(
                    attributes(tokens.decode(t, queryId, Set.of(PK, SK, partitionAttr, ID_ATTR)))));
    QueryResponse response = queryPage(request.build(), queryId, page, readDeadline(deadline));
    return new Page<>(
        response.items().stream().map(IncidentItems::summary).toList(), next(response, queryId));
  }

  private static void filterStatus(
      IncidentStatus status,
      List<String> filters,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    names.put("#status", "status");
    values.put(":status", s(status.name()));
    filters.add("#status = :status");
  }

  @Override
  public Optional<IncidentTimeline> incident(String incidentId) {
    return incident(incidentId, clock.instant().plus(readBudget));
  }

  @Override
  public Optional<IncidentTimeline> incident(String incidentId, Instant deadline) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", PK))
            .expressionAttributeValues(Map.of(":pk", s(incidentKey(incidentId))))
            .consistentRead(true)
            .build();
    Map<String, AttributeValue> meta = null;
    Map<Integer, Map<String, AttributeValue>> transitions = new TreeMap<>();
    Map<Integer, AlertRecord> alerts = new HashMap<>();
    for (Map<String, AttributeValue> item :
        queryAll(request, "incident " + incidentId, readDeadline(deadline))) {
      String sk = item.get(SK).s();
      if (sk.equals(META)) {
        meta = item;
      } else if (sk.startsWith(TRANSITION_PREFIX)) {
        transitions.put(IncidentItems.num(item, "number"), item);
      } else if (sk.startsWith(ALERT_PREFIX)) {
        alerts.put(IncidentItems.num(item, "number"), IncidentItems.alertRecord(item));
      }
    }
    if (meta == null) {
      return Optional.empty();
    }
    List<TimelineEntry> entries = new ArrayList<>();
    transitions.forEach(
        (number, item) ->
            entries.add(
                IncidentItems.timelineEntry(
                    incidentId, item, Optional.ofNullable(alerts.get(number)))));
    return Optional.of(new IncidentTimeline(IncidentItems.summary(meta), entries));
  }

  // --- plumbing ----------------------------------------------------------------------------------

  private QueryResponse queryPage(
      QueryRequest request, String queryId, PageRequest page, Instant deadline) {
    try {
      return call("query " + queryId, deadline, () -> dynamoDb.query(request));
    } catch (StoreException e) {
      if (page.continuation().isPresent()
          && e.getCause() instanceof DynamoDbException d
          && d.awsErrorDetails() != null
          && "ValidationException".equals(d.awsErrorDetails().errorCode())) {
        throw ContinuationTokens.invalid(
            "the continuation token does not fit this query (were since or until changed?)");
      }
      throw e;
    }
  }

  private Optional<String> next(QueryResponse response, String queryId) {
    if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> key = new LinkedHashMap<>();
    response
        .lastEvaluatedKey()
        .forEach(
            (name, value) -> {
              if (value.s() == null) {
                throw new IllegalStateException("key attribute " + name + " is not a string");
              }
              key.put(name, value.s());
            });
    return Optional.of(tokens.encode(queryId, key));
  }

  private static Map<String, AttributeValue> attributes(Map<String, String> key) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    key.forEach((name, value) -> out.put(name, s(value)));
    return out;
  }

  /** A caller's deadline, never later than the read budget allows. */
  private Instant readDeadline(Instant callerDeadline) {
    Instant budget = clock.instant().plus(readBudget);
    return callerDeadline.isBefore(budget) ? callerDeadline : budget;
  }

  private List<Map<String, AttributeValue>> queryAll(QueryRequest request, String what) {
    return queryAll(request, what, clock.instant().plus(readBudget));
  }

  private List<Map<String, AttributeValue>> queryAll(
      QueryRequest request, String what, Instant deadline) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse page =
          call(
              what,
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

  /**
   * A call retried until the deadline. Conditional-check failures and cancelled transactions are
   * rethrown as they are, for the caller to decide on; everything else becomes a {@link
   * StoreException} naming the table and the operation.
   */
  private <T> T call(String operation, Instant deadline, Supplier<T> call) {
    try {
      return retrier.call(operation + " in " + table, deadline, call);
    } catch (ConditionalCheckFailedException
        | TransactionCanceledException
        | TransactionInProgressException e) {
      throw e;
    } catch (Retrier.DeadlineExceeded e) {
      throw new StoreException(e.getMessage(), e.getCause());
    } catch (SdkException e) {
      throw new StoreException(operation + " in " + table + " failed: " + e.getMessage(), e);
    }
  }

  private void pauseBeforeRetry(
      String operation, int attempt, Instant deadline, RuntimeException last) {
    Duration wait = retrier.backoff(attempt);
    if (!clock.instant().plus(wait).isBefore(deadline)) {
      throw new StoreException(
          operation
              + " in "
              + table
              + " still contended when the deadline passed: "
              + last.getMessage(),
          last);
    }
    retrier.pause(wait, operation, attempt, last);
  }
}
