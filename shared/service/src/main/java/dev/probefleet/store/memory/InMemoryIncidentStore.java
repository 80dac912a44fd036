package dev.probefleet.store.memory;

import dev.probefleet.incident.CertificateState;
import dev.probefleet.incident.IncidentState;
import dev.probefleet.incident.Signature;
import dev.probefleet.incident.Transition;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.notify.AlertMessage;
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
import dev.probefleet.store.TargetState;
import dev.probefleet.store.TargetStatus;
import dev.probefleet.store.TimelineEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The incident store in memory, behaving as the DynamoDB one does: a commit succeeds only on the
 * version it read and leaves transitions already recorded as they are; listing queries examine at
 * most {@code limit} items per page (a filtered page may be empty and still continue) and issue
 * continuation tokens bound to their query; the outbox lists pending alerts earliest due first and
 * keeps the alerts it gave up as dead letters. Thread-safe (one lock: it is for tests and for a
 * laptop).
 */
public final class InMemoryIncidentStore implements IncidentStore {
  private static final String OUTBOX_QUERY = "pendingAlerts";
  private static final String DEAD_LETTER_QUERY = "deadLetters";
  private static final Set<String> ALERT_KEY = Set.of("pk", "sk", "pendingMarker", "dueKey");

  private final Clock clock;
  private final ContinuationTokens tokens;
  private final Map<String, TargetRow> targets = new HashMap<>();
  private final Map<String, Map<String, LearnedBaseline>> baselines = new HashMap<>();
  private final Map<String, IncidentRow> incidents = new HashMap<>();

  /** A store whose continuation tokens are signed with a random key of its own. */
  public InMemoryIncidentStore(Clock clock) {
    this(clock, ContinuationTokens.random());
  }

  /**
   * @param tokens signs and checks continuation tokens, as every store of the host does
   */
  public InMemoryIncidentStore(Clock clock, ContinuationTokens tokens) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  private record TargetRow(
      IncidentState state,
      CertificateState certificates,
      Optional<TargetStatus> status,
      long version) {}

  private enum AlertState {
    PENDING,
    PUBLISHED,
    DEAD
  }

  private static final class AlertRow {
    final int number;
    final String incidentId;
    final AlertMessage message;
    final Instant createdAt;
    AlertState state = AlertState.PENDING;
    int attempts;
    Optional<String> lastError = Optional.empty();
    Instant nextAttemptAt;
    Optional<Instant> publishedAt = Optional.empty();
    Optional<String> messageId = Optional.empty();
    Optional<String> deadReason = Optional.empty();
    Instant deadAt;

    AlertRow(String incidentId, int number, AlertMessage message, Instant createdAt) {
      this.incidentId = incidentId;
      this.number = number;
      this.message = message;
      this.createdAt = createdAt;
      this.nextAttemptAt = createdAt;
    }

    String dueKey() {
      Instant at = state == AlertState.DEAD ? deadAt : nextAttemptAt;
      return dueKey(at, message.alertId());
    }

    static String dueKey(Instant at, String alertId) {
      return String.format("%013d#%s", at.toEpochMilli(), alertId);
    }

    Map<String, String> tokenKey() {
      Map<String, String> key = new LinkedHashMap<>();
      key.put("pk", "INCIDENT#" + incidentId);
      key.put("sk", String.format("ALERT#%06d", number));
      key.put("pendingMarker", state == AlertState.DEAD ? "DEAD" : "PENDING");
      key.put("dueKey", dueKey());
      return key;
    }

    AlertRecord record() {
      return new AlertRecord(
          message,
          state == AlertState.PENDING,
          createdAt,
          publishedAt,
          messageId,
          attempts,
          lastError,
          deadReason);
    }
  }

  private static final class IncidentRow {
    final String id;
    final String target;
    RoundSlot openedAt;
    RoundSlot lastTransitionAt;
    Optional<RoundSlot> resolvedAt = Optional.empty();
    Signature signature;
    int transitions;
    String summary;
    Instant updatedAt;
    boolean open;
    final TreeMap<Integer, TimelineEntry> timeline = new TreeMap<>();
    final TreeMap<Integer, AlertRow> alerts = new TreeMap<>();

    IncidentRow(String id, String target) {
      this.id = id;
      this.target = target;
    }

    IncidentSummary summary() {
      return new IncidentSummary(
          id,
          target,
          open ? IncidentStatus.OPEN : IncidentStatus.RESOLVED,
          signature,
          openedAt,
          lastTransitionAt,
          resolvedAt,
          transitions,
          summary,
          updatedAt);
    }
  }

  // --- target state ------------------------------------------------------------------------------

  @Override
  public synchronized TargetState load(String target, Instant deadline) {
    TargetRow row = targets.get(target);
    Map<String, LearnedBaseline> learned = baselines.getOrDefault(target, Map.of());
    if (row == null) {
      return new TargetState(
          target,
          IncidentState.empty(target),
          CertificateState.empty(target),
          learned,
          Optional.empty(),
          0);
    }
    return new TargetState(
        target, row.state(), row.certificates(), learned, row.status(), row.version());
  }

  @Override
  public synchronized CommitResult commit(IncidentCommit commit, Instant deadline) {
    TargetRow row = targets.get(commit.target());
    long current = row == null ? 0 : row.version();
    if (current != commit.expectedVersion()) {
      return new CommitResult(CommitResult.Outcome.CONFLICT, commit.expectedVersion(), List.of());
    }
    Instant now = clock.instant();
    List<IncidentCommit.Entry> remaining = new ArrayList<>();
    for (IncidentCommit.Entry e : commit.entries()) {
      IncidentRow incident = incidents.get(e.transition().incidentId());
      int number = e.transition().number();
      if (incident != null
          && (incident.timeline.containsKey(number) || incident.alerts.containsKey(number))) {
        continue; // recorded by an earlier attempt: left as it is
      }
      remaining.add(e);
    }
    updateIncidents(remaining, now);
    long version = commit.expectedVersion() + 1;
    targets.put(
        commit.target(),
        new TargetRow(commit.state(), commit.certificates(), commit.status(), version));
    return new CommitResult(
        CommitResult.Outcome.COMMITTED,
        version,
        remaining.stream().map(e -> e.alert().alertId()).toList());
  }

  private void updateIncidents(List<IncidentCommit.Entry> entries, Instant now) {
    Map<String, List<IncidentCommit.Entry>> byIncident = new LinkedHashMap<>();
    for (IncidentCommit.Entry e : entries) {
      byIncident.computeIfAbsent(e.transition().incidentId(), k -> new ArrayList<>()).add(e);
    }
    for (List<IncidentCommit.Entry> group : byIncident.values()) {
      group.sort(Comparator.comparingInt(e -> e.transition().number()));
      Transition first = group.get(0).transition();
      IncidentRow row =
          incidents.computeIfAbsent(first.incidentId(), id -> new IncidentRow(id, first.target()));
      for (IncidentCommit.Entry e : group) {
        Transition t = e.transition();
        row.timeline.put(
            t.number(), new TimelineEntry(t, e.summary(), e.evidence(), now, Optional.empty()));
        row.alerts.put(t.number(), new AlertRow(t.incidentId(), t.number(), e.alert(), now));
        if (t.kind() == TransitionKind.OPENED) {
          row.openedAt = t.slot();
        }
      }
      IncidentCommit.Entry last = group.get(group.size() - 1);
      Transition t = last.transition();
      boolean resolved = t.kind() == TransitionKind.RESOLVED;
      row.signature = t.signature();
      row.lastTransitionAt = t.slot();
      row.transitions = t.number();
      row.summary = last.summary();
      row.updatedAt = now;
      row.open = !resolved;
      if (resolved) {
        row.resolvedAt = Optional.of(t.slot());
      }
      if (row.openedAt == null) {
        row.openedAt = t.slot(); // only when the OPENED transition was never seen by this store
      }
    }
  }

  @Override
  public synchronized List<String> saveBaselines(
      String target, List<LearnedBaseline> learned, Instant deadline) {
    Map<String, LearnedBaseline> stored = baselines.computeIfAbsent(target, t -> new TreeMap<>());
    List<String> saved = new ArrayList<>();
    for (LearnedBaseline b : learned) {
      LearnedBaseline existing = stored.get(b.path());
      if (existing == null || existing.learnedThrough().isBefore(b.learnedThrough())) {
        stored.put(b.path(), b);
        saved.add(b.path());
      }
    }
    return saved;
  }

  @Override
  public synchronized Map<String, TargetStatus> statuses(Collection<String> names) {
    Map<String, TargetStatus> out = new LinkedHashMap<>();
    for (String name : names) {
      TargetRow row = targets.get(name);
      if (row != null && row.status().isPresent()) {
        out.put(name, row.status().get());
      }
    }
    return out;
  }

  // --- outbox ------------------------------------------------------------------------------------

  @Override
  public synchronized Page<PendingAlert> pending(
      Instant dueBy, PageRequest page, Instant deadline) {
    List<AlertRow> rows =
        alerts(
            a -> a.state == AlertState.PENDING && a.nextAttemptAt.toEpochMilli() <= millis(dueBy));
    rows.sort(Comparator.comparing(AlertRow::dueKey));
    return page(
        rows,
        OUTBOX_QUERY,
        page,
        AlertRow::dueKey,
        false,
        a ->
            new PendingAlert(
                a.incidentId,
                a.number,
                a.message,
                a.createdAt,
                a.attempts,
                a.lastError,
                a.nextAttemptAt));
  }

  @Override
  public synchronized Page<DeadLetter> deadLetters(PageRequest page) {
    List<AlertRow> rows = alerts(a -> a.state == AlertState.DEAD);
    rows.sort(Comparator.comparing((AlertRow a) -> a.dueKey()).reversed());
    return page(
        rows,
        DEAD_LETTER_QUERY,
        page,
        AlertRow::dueKey,
        true,
        a ->
            new DeadLetter(
                a.incidentId,
                a.number,
                a.message,
                a.createdAt,
                a.attempts,
                a.deadReason.orElse(""),
                a.deadAt));
  }

  private static long millis(Instant at) {
    return at.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE)) ? Long.MAX_VALUE : at.toEpochMilli();
  }

  private List<AlertRow> alerts(Predicate<AlertRow> which) {
    List<AlertRow> out = new ArrayList<>();
    for (IncidentRow incident : incidents.values()) {
      incident.alerts.values().stream().filter(which).forEach(out::add);
    }
    return out;
  }

  /** One page of alerts ordered by due key, ascending or (for dead letters) descending. */
  private <T> Page<T> page(
      List<AlertRow> ordered,
      String query,
      PageRequest request,
      Function<AlertRow, String> sortKey,
      boolean descending,
      Function<AlertRow, T> item) {
    int start = 0;
    if (request.continuation().isPresent()) {
      String after = tokens.decode(request.continuation().get(), query, ALERT_KEY).get("dueKey");
      while (start < ordered.size()) {
        int c = sortKey.apply(ordered.get(start)).compareTo(after);
        if (descending ? c < 0 : c > 0) {
          break;
        }
        start++;
      }
    }
    int end = Math.min(ordered.size(), start + request.limit());
    List<T> items = ordered.subList(start, end).stream().map(item).toList();
    Optional<String> next =
        end < ordered.size() && end > start
            ? Optional.of(tokens.encode(query, ordered.get(end - 1).tokenKey()))
            : Optional.empty();
    return new Page<>(items, next);
  }

  private AlertRow pendingAlert(String incidentId, int number) {
    IncidentRow incident = incidents.get(incidentId);
    AlertRow alert = incident == null ? null : incident.alerts.get(number);
    return alert != null && alert.state == AlertState.PENDING ? alert : null;
  }

  @Override
  public synchronized boolean markPublished(
      String incidentId, int number, String messageId, Instant deadline) {
    AlertRow alert = pendingAlert(incidentId, number);
    if (alert == null) {
      return false;
    }
    alert.state = AlertState.PUBLISHED;
    alert.publishedAt = Optional.of(clock.instant());
    alert.messageId = Optional.of(messageId);
    return true;
  }

  @Override
  public synchronized boolean recordFailure(
      String incidentId, int number, String error, Instant nextAttemptAt, Instant deadline) {
    AlertRow alert = pendingAlert(incidentId, number);
    if (alert == null) {
      return false;
    }
    alert.attempts++;
    alert.lastError = Optional.of(error);
    alert.nextAttemptAt = nextAttemptAt;
    return true;
  }

  @Override
  public synchronized boolean deadLetter(
      String incidentId, int number, String reason, Instant deadline) {
    AlertRow alert = pendingAlert(incidentId, number);
    if (alert == null) {
      return false;
    }
    alert.state = AlertState.DEAD;
    alert.deadReason = Optional.of(reason);
    alert.deadAt = clock.instant();
    return true;
  }

  // --- history -----------------------------------------------------------------------------------

  @Override
  public synchronized Page<IncidentSummary> find(IncidentQuery query, PageRequest request) {
    String queryId;
    String partitionAttr;
    Predicate<IncidentRow> partition;
    Predicate<IncidentRow> filter = r -> true;
    if (query.target().isPresent()) {
      String target = query.target().get();
      queryId = "byTarget:" + target;
      partitionAttr = "incidentTarget";
      partition = r -> r.target.equals(target);
      if (query.layer().isPresent()) {
        Layer layer = query.layer().get();
        filter = filter.and(r -> r.signature.layer() == layer);
      }
    } else if (query.layer().isPresent()) {
      Layer layer = query.layer().get();
      queryId = "byLayer:" + layer.name();
      partitionAttr = "incidentLayer";
      partition = r -> r.signature.layer() == layer;
    } else {
      queryId = "open:OPEN";
      partitionAttr = "openMarker";
      partition = r -> r.open;
    }
    if (query.status().isPresent() && (query.target().isPresent() || query.layer().isPresent())) {
      boolean open = query.status().get() == IncidentStatus.OPEN;
      filter = filter.and(r -> r.open == open);
    }
    IncidentIdRange range = IncidentIdRange.of(query.since(), query.until());
    if (range.empty()) {
      return new Page<>(List.of(), Optional.empty());
    }
    List<IncidentRow> rows =
        incidents.values().stream()
            .filter(partition)
            .filter(r -> range.contains(r.id))
            .sorted(Comparator.comparing((IncidentRow r) -> r.id).reversed())
            .toList();
    int start = 0;
    if (request.continuation().isPresent()) {
      String after =
          tokens
              .decode(
                  request.continuation().get(),
                  queryId,
                  Set.of("pk", "sk", partitionAttr, "incidentId"))
              .get("incidentId");
      if (!range.contains(after)) {
        throw ContinuationTokens.invalid(
            "the continuation token does not fit this query (were since or until changed?)");
      }
      while (start < rows.size() && rows.get(start).id.compareTo(after) >= 0) {
        start++;
      }
    }
    int end = Math.min(rows.size(), start + request.limit());
    List<IncidentSummary> items =
        rows.subList(start, end).stream().filter(filter).map(IncidentRow::summary).toList();
    Optional<String> next = Optional.empty();
    if (end < rows.size() && end > start) {
      IncidentRow last = rows.get(end - 1);
      Map<String, String> key = new LinkedHashMap<>();
      key.put("pk", "INCIDENT#" + last.id);
      key.put("sk", "META");
      key.put(
          partitionAttr,
          switch (partitionAttr) {
            case "incidentTarget" -> last.target;
            case "incidentLayer" -> last.signature.layer().name();
            default -> "OPEN";
          });
      key.put("incidentId", last.id);
      next = Optional.of(tokens.encode(queryId, key));
    }
    return new Page<>(items, next);
  }

  @Override
  public synchronized Optional<IncidentTimeline> incident(String incidentId) {
    IncidentRow row = incidents.get(incidentId);
    if (row == null) {
      return Optional.empty();
    }
    List<TimelineEntry> entries = new ArrayList<>();
    row.timeline.forEach(
        (number, entry) -> {
          AlertRow alert = row.alerts.get(number);
          entries.add(
              new TimelineEntry(
                  entry.transition(),
                  entry.summary(),
                  entry.evidence(),
                  entry.recordedAt(),
                  alert == null ? Optional.empty() : Optional.of(alert.record())));
        });
    return Optional.of(new IncidentTimeline(row.summary(), entries));
  }
}
