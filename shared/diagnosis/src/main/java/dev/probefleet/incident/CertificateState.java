package dev.probefleet.incident;

import dev.probefleet.model.RoundSlot;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A target's expiring-certificate incidents between rounds: small, immutable, and all a store
 * persists ({@link CertificateStateJson} writes it). Kept apart from {@link IncidentState} because
 * the two machines answer different questions (is the target down; is a certificate about to end)
 * and neither may mask the other.
 *
 * @param target the target
 * @param open the open incidents, sorted by path label then sha256; at most one per path and
 *     certificate
 * @param newest the newest slot applied; older slots are ignored
 */
public record CertificateState(
    String target, List<OpenCertificateIncident> open, Optional<RoundSlot> newest) {

  /** The order open incidents are kept and reported in. */
  static final Comparator<OpenCertificateIncident> ORDER =
      Comparator.comparing(OpenCertificateIncident::path)
          .thenComparing(OpenCertificateIncident::sha256);

  public CertificateState {
    Objects.requireNonNull(target, "target");
    open = open.stream().sorted(ORDER).toList();
    Objects.requireNonNull(newest, "newest");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < open.size(); i++) {
      OpenCertificateIncident incident = open.get(i);
      if (i > 0 && ORDER.compare(open.get(i - 1), incident) == 0) {
        throw new IllegalArgumentException(
            "certificate " + incident.sha256() + " on " + incident.path() + " is open twice");
      }
      if (!ids.add(incident.id())) {
        throw new IllegalArgumentException("incident id " + incident.id() + " appears twice");
      }
      if (newest.isEmpty() || incident.lastTransitionAt().compareTo(newest.get()) > 0) {
        throw new IllegalArgumentException(
            "incident "
                + incident.id()
                + " changed at "
                + incident.lastTransitionAt()
                + ", after the newest slot applied ("
                + newest.map(RoundSlot::toString).orElse("none")
                + ")");
      }
    }
  }

  /** No slot applied yet, nothing open. */
  public static CertificateState empty(String target) {
    return new CertificateState(target, List.of(), Optional.empty());
  }

  /** The open incident of a certificate on a path, if any. */
  public Optional<OpenCertificateIncident> incident(String path, String sha256) {
    return open.stream().filter(i -> i.concerns(path, sha256)).findFirst();
  }
}
