package dev.probefleet.store;

import dev.probefleet.model.Target;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The targets registry: targets live here, not in the deployment, so they change without a
 * redeploy. {@code probefleet targets apply FILE} writes it; the probe functions read it.
 */
public interface TargetRegistry {

  /** Every registered target, ordered by name, within the store's own read budget. */
  default List<Target> all() {
    return all(Instant.MAX);
  }

  /**
   * Every registered target, ordered by name; the read gives up at {@code deadline} (or the store's
   * own read budget, whichever ends first).
   */
  List<Target> all(Instant deadline);

  Optional<Target> get(String name);

  /**
   * Makes the registry hold exactly these targets: upserts each (only where it changed) and, when
   * {@code prune}, removes targets that are not in the list.
   */
  ApplyReport apply(List<Target> targets, boolean prune);

  /**
   * What {@link #apply} would change, with the same refusals (a name given twice, a target the
   * store cannot hold), writing nothing: {@code probefleet targets apply --dry-run}.
   */
  ApplyReport plan(List<Target> targets, boolean prune);

  /**
   * What {@link #apply} changed.
   *
   * @param added names newly registered
   * @param updated names whose definition changed
   * @param unchanged names already registered as given
   * @param removed names removed (only with prune)
   */
  record ApplyReport(
      List<String> added, List<String> updated, List<String> unchanged, List<String> removed) {
    public ApplyReport {
      added = List.copyOf(added);
      updated = List.copyOf(updated);
      unchanged = List.copyOf(unchanged);
      removed = List.copyOf(removed);
    }
  }
}
