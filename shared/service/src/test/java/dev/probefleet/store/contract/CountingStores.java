package dev.probefleet.store.contract;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.store.CommitResult;
import dev.probefleet.store.DeadLetter;
import dev.probefleet.store.IncidentCommit;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.IncidentTimeline;
import dev.probefleet.store.LearnedBaseline;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetState;
import dev.probefleet.store.TargetStatus;
import dev.probefleet.store.WriteReport;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decorators around the stores that count each call by operation and target: what a run costs in
 * reads and writes, which in DynamoDB is what it costs in money.
 */
public final class CountingStores {
  private CountingStores() {}

  /** Calls counted by {@code operation} and by {@code operation/target}. */
  public static final class Counts {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void count(String operation, String target) {
      counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      if (target != null) {
        counts
            .computeIfAbsent(operation + "/" + target, k -> new AtomicInteger())
            .incrementAndGet();
      }
    }

    /** Calls of an operation, all targets together. */
    public int of(String operation) {
      AtomicInteger n = counts.get(operation);
      return n == null ? 0 : n.get();
    }

    /** Calls of an operation for one target. */
    public int of(String operation, String target) {
      return of(operation + "/" + target);
    }

    /** The targets an operation was called for. */
    public List<String> targets(String operation) {
      return counts.keySet().stream()
          .filter(k -> k.startsWith(operation + "/"))
          .map(k -> k.substring(operation.length() + 1))
          .sorted()
          .toList();
    }

    public void reset() {
      counts.clear();
    }

    @Override
    public String toString() {
      return new TreeMap<>(counts).toString();
    }
  }

  /** The incident store, counting {@code load}, {@code commit}, {@code saveBaselines} … */
  public static final class Incidents implements IncidentStore {
    private final IncidentStore delegate;
    public final Counts counts = new Counts();

    public Incidents(IncidentStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public TargetState load(String target, Instant deadline) {
      counts.count("load", target);
      return delegate.load(target, deadline);
    }

    @Override
    public CommitResult commit(IncidentCommit commit, Instant deadline) {
      counts.count("commit", commit.target());
      return delegate.commit(commit, deadline);
    }

    @Override
    public List<String> saveBaselines(
        String target, List<LearnedBaseline> baselines, Instant deadline) {
      counts.count("saveBaselines", target);
      return delegate.saveBaselines(target, baselines, deadline);
    }

    @Override
    public Map<String, TargetStatus> statuses(Collection<String> targets) {
      counts.count("statuses", null);
      return delegate.statuses(targets);
    }

    @Override
    public Page<PendingAlert> pending(Instant dueBy, PageRequest page, Instant deadline) {
      counts.count("pending", null);
      return delegate.pending(dueBy, page, deadline);
    }

    @Override
    public boolean markPublished(
        String incidentId, int number, String messageId, Instant deadline) {
      counts.count("markPublished", null);
      return delegate.markPublished(incidentId, number, messageId, deadline);
    }

    @Override
    public boolean recordFailure(
        String incidentId, int number, String error, Instant nextAttemptAt, Instant deadline) {
      counts.count("recordFailure", null);
      return delegate.recordFailure(incidentId, number, error, nextAttemptAt, deadline);
    }

    @Override
    public boolean deadLetter(String incidentId, int number, String reason, Instant deadline) {
      counts.count("deadLetter", null);
      return delegate.deadLetter(incidentId, number, reason, deadline);
    }

    @Override
    public Page<DeadLetter> deadLetters(PageRequest page) {
      counts.count("deadLetters", null);
      return delegate.deadLetters(page);
    }

    @Override
    public Page<IncidentSummary> find(IncidentQuery query, PageRequest page) {
      counts.count("find", null);
      return delegate.find(query, page);
    }

    @Override
    public Optional<IncidentTimeline> incident(String incidentId) {
      counts.count("incident", null);
      return delegate.incident(incidentId);
    }
  }

  /** The round store, counting {@code write}, {@code slot}, {@code slots} and {@code latest}. */
  public static final class Rounds implements RoundStore {
    private final RoundStore delegate;
    public final Counts counts = new Counts();

    public Rounds(RoundStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public WriteReport write(List<RoundRecord> rounds, Instant deadline) {
      counts.count("write", null);
      return delegate.write(rounds, deadline);
    }

    @Override
    public List<RoundRecord> slot(String target, RoundSlot slot, Instant deadline) {
      counts.count("read", target);
      return delegate.slot(target, slot, deadline);
    }

    @Override
    public SortedMap<RoundSlot, List<RoundRecord>> slots(
        String target, RoundSlot first, RoundSlot last, Instant deadline) {
      counts.count("read", target);
      return delegate.slots(target, first, last, deadline);
    }

    @Override
    public List<RoundRecord> latest(String target, int slots) {
      counts.count("read", target);
      return delegate.latest(target, slots);
    }
  }
}
