package dev.probefleet.store;

import dev.probefleet.incident.IncidentState;
import java.util.Objects;

/**
 * A target's incident state as read, with the version a commit must still find to succeed
 * (optimistic concurrency: two analyzer invocations never both advance the same state).
 *
 * @param state the state; {@link IncidentState#empty} when none is stored yet
 * @param version the stored version; 0 when none is stored yet
 */
public record StoredIncidentState(IncidentState state, long version) {
  public StoredIncidentState {
    Objects.requireNonNull(state, "state");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
  }

  /** No state stored yet for the target. */
  public static StoredIncidentState none(String target) {
    return new StoredIncidentState(IncidentState.empty(target), 0);
  }
}
