package dev.probefleet.store;

import dev.probefleet.incident.CertificateState;
import dev.probefleet.incident.IncidentState;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the analyzer keeps about one target, as read in one go: the incident state (K-of-N
 * window and open incident), the learned baselines, and the status last shown, with the version a
 * commit must still find to succeed (optimistic concurrency: two analyzer invocations never both
 * advance the same target).
 *
 * @param target the target
 * @param incidents the incident state; {@link IncidentState#empty} when none is stored yet
 * @param certificates the expiring-certificate incidents' state
 * @param baselines the learned baselines by path label
 * @param status the status written with the last commit, if any
 * @param version the stored version; 0 when nothing is stored yet
 */
public record TargetState(
    String target,
    IncidentState incidents,
    CertificateState certificates,
    Map<String, LearnedBaseline> baselines,
    Optional<TargetStatus> status,
    long version) {

  public TargetState {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(incidents, "incidents");
    Objects.requireNonNull(certificates, "certificates");
    baselines = Collections.unmodifiableMap(new TreeMap<>(baselines));
    Objects.requireNonNull(status, "status");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    if (!incidents.target().equals(target)) {
      throw new IllegalArgumentException(
          "incident state of " + incidents.target() + " read for " + target);
    }
  }

  /** Nothing stored yet for the target. */
  public static TargetState none(String target) {
    return new TargetState(
        target,
        IncidentState.empty(target),
        CertificateState.empty(target),
        Map.of(),
        Optional.empty(),
        0);
  }
}
