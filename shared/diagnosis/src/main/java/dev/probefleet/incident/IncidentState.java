package dev.probefleet.incident;

import dev.probefleet.model.RoundSlot;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A target's incident state between rounds: small, immutable, and all a store persists ({@link
 * IncidentStateJson} writes it).
 *
 * @param target the target
 * @param window the latest round slots' summaries, oldest first, spanning at most {@link
 *     IncidentPolicy#windowSlots()} slots; slots with no round are simply absent
 * @param open the open incident, if any
 * @param resolvedThrough the slot the last incident resolved at: rounds up to it never count
 *     towards a new incident, so a resolved incident is not re-opened by its own past rounds
 */
public record IncidentState(
    String target,
    List<RoundSummary> window,
    Optional<OpenIncident> open,
    Optional<RoundSlot> resolvedThrough) {

  public IncidentState {
    Objects.requireNonNull(target, "target");
    window = window.stream().sorted(Comparator.comparing(RoundSummary::slot)).toList();
    Objects.requireNonNull(open, "open");
    Objects.requireNonNull(resolvedThrough, "resolvedThrough");
    for (int i = 1; i < window.size(); i++) {
      RoundSlot a = window.get(i - 1).slot();
      RoundSlot b = window.get(i).slot();
      if (a.start().equals(b.start())) {
        throw new IllegalArgumentException("slot " + b + " appears twice in the window");
      }
      if (!a.period().equals(b.period())) {
        throw new IllegalArgumentException("slots of periods " + a.period() + " and " + b.period());
      }
    }
  }

  /** No rounds yet, no incident. */
  public static IncidentState empty(String target) {
    return new IncidentState(target, List.of(), Optional.empty(), Optional.empty());
  }

  /** The newest slot in the window. */
  public Optional<RoundSlot> newest() {
    return window.isEmpty() ? Optional.empty() : Optional.of(window.get(window.size() - 1).slot());
  }

  /** The round of a slot, if it is in the window. */
  public Optional<RoundSummary> at(RoundSlot slot) {
    return window.stream().filter(r -> r.slot().start().equals(slot.start())).findFirst();
  }

  /** Consecutive healthy slots ending at the newest; a slot without a round breaks the run. */
  public int healthyStreak() {
    if (window.isEmpty()) {
      return 0;
    }
    int streak = 0;
    RoundSlot slot = window.get(window.size() - 1).slot();
    while (true) {
      Optional<RoundSummary> round = at(slot);
      if (round.isEmpty() || !round.get().healthy()) {
        return streak;
      }
      streak++;
      slot = slot.previous();
    }
  }
}
