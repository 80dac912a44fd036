package dev.probefleet.store.memory;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.WriteReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probe rounds in memory, keyed as the DynamoDB table is ({@code target} / {@code
 * <slot>#<region>}): first write wins, a slot's regions come back in region order.
 *
 * <p>As the DynamoDB table expires rounds by TTL, this store keeps only each target's newest {@link
 * #DEFAULT_RETAINED_SLOTS} slots (or the number given): a long {@code probefleet run --store
 * memory} must not grow without bound. A round older than the kept window is dropped on write.
 */
public final class InMemoryRoundStore implements RoundStore {
  /** Slots kept per target by default: the most {@code /v1/targets/{name}/history} reads. */
  public static final int DEFAULT_RETAINED_SLOTS = 1440;

  private final Map<String, NavigableMap<String, RoundRecord>> byTarget = new ConcurrentHashMap<>();
  private final int retainedSlots;

  /** Keeps each target's newest {@value #DEFAULT_RETAINED_SLOTS} slots. */
  public InMemoryRoundStore() {
    this(DEFAULT_RETAINED_SLOTS);
  }

  /**
   * @param retainedSlots how many of each target's newest slots to keep (at least 1)
   */
  public InMemoryRoundStore(int retainedSlots) {
    if (retainedSlots < 1) {
      throw new IllegalArgumentException("retainedSlots must be at least 1, got " + retainedSlots);
    }
    this.retainedSlots = retainedSlots;
  }

  @Override
  public WriteReport write(List<RoundRecord> rounds, Instant deadline) {
    Map<String, RoundRecord> byKey = new LinkedHashMap<>();
    for (RoundRecord round : rounds) {
      byKey.put(describe(round), round); // the last of duplicates in one call, as a retry would
    }
    int written = 0;
    List<String> kept = new ArrayList<>();
    for (Map.Entry<String, RoundRecord> e : byKey.entrySet()) {
      RoundRecord round = e.getValue();
      NavigableMap<String, RoundRecord> rows =
          byTarget.computeIfAbsent(round.target(), t -> new TreeMap<>());
      synchronized (rows) {
        if (rows.putIfAbsent(sortKey(round.slot(), round.region()), round) == null) {
          written++;
          evictBeyondWindow(rows);
        } else {
          kept.add(e.getKey());
        }
      }
    }
    return new WriteReport(written, kept, List.of());
  }

  @Override
  public List<RoundRecord> slot(String target, RoundSlot slot, Instant deadline) {
    NavigableMap<String, RoundRecord> rows = byTarget.get(target);
    if (rows == null) {
      return List.of();
    }
    String prefix = slot.id() + "#";
    synchronized (rows) {
      return List.copyOf(rows.subMap(prefix, true, prefix + Character.MAX_VALUE, true).values());
    }
  }

  @Override
  public SortedMap<RoundSlot, List<RoundRecord>> slots(
      String target, RoundSlot first, RoundSlot last, Instant deadline) {
    SortedMap<RoundSlot, List<RoundRecord>> out = new TreeMap<>();
    NavigableMap<String, RoundRecord> rows = byTarget.get(target);
    if (rows == null || first.compareTo(last) > 0) {
      return out;
    }
    List<RoundRecord> found;
    synchronized (rows) {
      found =
          List.copyOf(
              rows.subMap(first.id() + "#", true, last.id() + "#" + Character.MAX_VALUE, true)
                  .values());
    }
    for (RoundRecord r : found) {
      out.computeIfAbsent(r.slot(), s -> new ArrayList<>()).add(r);
    }
    return out;
  }

  @Override
  public List<RoundRecord> latest(String target, int slots) {
    NavigableMap<String, RoundRecord> rows = byTarget.get(target);
    if (rows == null || slots <= 0) {
      return List.of();
    }
    List<RoundRecord> newestFirst;
    synchronized (rows) {
      newestFirst = List.copyOf(rows.descendingMap().values());
    }
    Set<String> seen = new LinkedHashSet<>();
    List<RoundRecord> out = new ArrayList<>();
    for (RoundRecord r : newestFirst) {
      if (!seen.contains(r.slot().id()) && seen.size() == slots) {
        break;
      }
      seen.add(r.slot().id());
      out.add(r);
    }
    return out;
  }

  /** Every round held, for tests and tools: by target, slot and region. */
  public List<RoundRecord> all() {
    List<RoundRecord> out = new ArrayList<>();
    byTarget
        .values()
        .forEach(
            rows -> {
              synchronized (rows) {
                out.addAll(rows.values());
              }
            });
    out.sort(Comparator.comparing(RoundRecord::target).thenComparing(r -> describe(r)));
    return out;
  }

  /** Drops the rounds of slots older than the newest {@code retainedSlots}; callers hold rows. */
  private void evictBeyondWindow(NavigableMap<String, RoundRecord> rows) {
    if (rows.size() <= retainedSlots) {
      return; // fewer rows than slots kept: nothing can be beyond the window
    }
    int slots = 0;
    String previous = null;
    String firstDropped = null;
    for (Map.Entry<String, RoundRecord> row : rows.descendingMap().entrySet()) {
      String slot = row.getValue().slot().id();
      if (!slot.equals(previous)) {
        slots++;
        previous = slot;
        if (slots > retainedSlots) {
          firstDropped = row.getKey();
          break;
        }
      }
    }
    if (firstDropped != null) {
      rows.headMap(firstDropped, true).clear();
    }
  }

  private static String sortKey(RoundSlot slot, String region) {
    return slot.id() + "#" + region;
  }

  private static String describe(RoundRecord round) {
    return round.target() + "/" + sortKey(round.slot(), round.region());
  }
}
