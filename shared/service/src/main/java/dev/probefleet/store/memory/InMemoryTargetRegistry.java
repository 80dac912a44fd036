package dev.probefleet.store.memory;

import dev.probefleet.model.Target;
import dev.probefleet.store.StoreException;
import dev.probefleet.store.TargetRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The targets registry in memory: apply upserts what changed and, with prune, removes the rest. */
public final class InMemoryTargetRegistry implements TargetRegistry {
  private final Map<String, Target> targets = new TreeMap<>();

  @Override
  public synchronized List<Target> all(Instant deadline) {
    return List.copyOf(targets.values());
  }

  @Override
  public synchronized Optional<Target> get(String name) {
    return Optional.ofNullable(targets.get(name));
  }

  @Override
  public synchronized ApplyReport apply(List<Target> wanted, boolean prune) {
    return reconcile(wanted, prune, true);
  }

  @Override
  public synchronized ApplyReport plan(List<Target> wanted, boolean prune) {
    return reconcile(wanted, prune, false);
  }

  private ApplyReport reconcile(List<Target> wanted, boolean prune, boolean write) {
    Map<String, Target> byName = new LinkedHashMap<>();
    for (Target t : wanted) {
      if (byName.put(t.name(), t) != null) {
        throw new StoreException("target " + t.name() + " is given twice");
      }
    }
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Target t : byName.values()) {
      Target existing = write ? targets.put(t.name(), t) : targets.get(t.name());
      if (existing == null) {
        added.add(t.name());
      } else if (existing.equals(t)) {
        unchanged.add(t.name());
      } else {
        updated.add(t.name());
      }
    }
    if (prune) {
      for (String name : List.copyOf(targets.keySet())) {
        if (!byName.containsKey(name)) {
          if (write) {
            targets.remove(name);
          }
          removed.add(name);
        }
      }
    }
    return new ApplyReport(added, updated, unchanged, removed);
  }
}
