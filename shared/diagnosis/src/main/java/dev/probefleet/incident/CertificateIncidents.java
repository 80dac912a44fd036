package dev.probefleet.incident;

import dev.probefleet.attribution.Scope;
import dev.probefleet.incident.CertificateFacts.Resolution;
import dev.probefleet.incident.internal.Ulid;
import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The expiring-certificate incident machine of one target: a pure function from a state and one
 * slot's served certificates to the next state and the transitions to announce. It runs beside the
 * K-of-N outage machine ({@link Incidents}) and never masks or replaces an outage verdict: a target
 * can be down and have an expiring certificate at the same time, and both must be said.
 *
 * <ul>
 *   <li><b>Opens</b> a WARN incident per (target, path, certificate) once a certificate served on a
 *       configured path is within {@link CertificatePolicy#warnWithin()} of expiry — at PAGE
 *       straight away when it is already within {@link CertificatePolicy#pageWithin()} or expired.
 *       One observation is enough: unlike a failing round, a certificate's end of validity is a
 *       fact, not a sample. Several regions may be served different certificates on one path (CDN
 *       edges): each expiring one is its own incident. The id derives from target, path, sha256 and
 *       the opening slot ({@link #incidentId}), so a retried invocation computes the same id.
 *   <li><b>Updates</b> (escalates) to PAGE once the certificate is within {@code pageWithin} of
 *       expiry, once. It never goes back to WARN; an expired certificate stays open at PAGE.
 *       Escalation follows the clock, not the observation: a path whose handshake failed this slot
 *       is still believed to serve the certificate it served before.
 *   <li><b>Resolves</b> when the served certificate changes: in a slot where the path was observed
 *       with TLS and no reporting region was served that certificate (by sha256) on it. A path that
 *       was not observed (its handshake failed, its regions did not report) resolves nothing: the
 *       machine never resolves on missing data. A path that is no longer configured resolves its
 *       incidents too. Note the rule counts only the regions that reported: a path whose regions
 *       are served different certificates resolves an incident when the one region that was served
 *       it stays silent, and reopens it (with a new id) when that region reports again.
 * </ul>
 *
 * Slots are keyed by {@link RoundSlot}: a slot older than the newest applied is ignored ({@link
 * CertificateOutcome#LATE_IGNORED}). The newest slot applied again is evaluated again, because a
 * region that reported late may add a certificate, but it opens and escalates only: resolving waits
 * for a newer slot, so an incident never resolves and reopens under the same id within one slot.
 * Applying the same slot twice with the same inputs changes nothing and emits nothing ({@link
 * CertificateOutcome#DUPLICATE}); every transition is a change of the stored incident, so one
 * already emitted is never emitted again.
 *
 * <p>Transitions are plain {@link Transition}s with the signature (layer of the path — cdn → CDN,
 * lb → LOAD_BALANCER, origin → ORIGIN —, {@code CERTIFICATE_EXPIRING}, WARN or PAGE, scope, the
 * regions that were served the certificate), so the incident store and outbox keep them like outage
 * transitions, with {@code alertId} = incident id + transition number.
 */
public final class CertificateIncidents {
  private final CertificatePolicy policy;

  public CertificateIncidents(CertificatePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * The id of the incident of a certificate on a target's path opened at a slot: a deterministic
   * ULID whose time is the opening slot's start. Its seed is tagged apart from outage ids ({@link
   * Incidents#incidentId}), so the two never collide.
   */
  public static String incidentId(String target, String path, String sha256, RoundSlot openedAt) {
    return Ulid.of(
        openedAt.start().toEpochMilli(),
        "certificate\n"
            + target
            + "\n"
            + path
            + "\n"
            + sha256
            + "\n"
            + openedAt.id()
            + "\n"
            + openedAt.period().toMillis());
  }

  /**
   * Applies one slot.
   *
   * @param state the target's state, as last persisted
   * @param slot the slot the certificates were served in
   * @param served the leaf certificates every region reporting this slot was served ({@link
   *     ServedCertificate#of})
   * @param observedPathLabels the paths whose TLS handshake showed a certificate in some region
   *     this slot ({@link ServedCertificate#observedPaths}); only those can show that a certificate
   *     changed. The paths of {@code served} count as observed whether listed or not.
   * @param configuredPathLabels the target's paths that serve TLS now ({@code cdn}, {@code lb},
   *     {@code origin[i]} with an {@code https} URL); an incident on any other path resolves
   * @param now the instant the time left to expiry is counted from: the caller's clock, not the
   *     slot, because how soon a certificate ends is what the on-call engineer acts on, even for a
   *     slot analysed late. Ids never depend on it; only whether and when a threshold is crossed.
   */
  public CertificateStep apply(
      CertificateState state,
      RoundSlot slot,
      List<ServedCertificate> served,
      Set<String> observedPathLabels,
      Set<String> configuredPathLabels,
      Instant now) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(observedPathLabels, "observedPathLabels");
    Objects.requireNonNull(configuredPathLabels, "configuredPathLabels");
    Objects.requireNonNull(now, "now");

    Optional<RoundSlot> newest = state.newest();
    if (newest.isPresent() && slot.compareTo(newest.get()) < 0) {
      return new CertificateStep(state, List.of(), Map.of(), CertificateOutcome.LATE_IGNORED);
    }
    boolean revision = newest.isPresent() && slot.compareTo(newest.get()) == 0;
    Sightings seen = new Sightings(served);
    Set<String> observed = new HashSet<>(observedPathLabels);
    observed.addAll(seen.paths());

    String target = state.target();
    List<Transition> transitions = new ArrayList<>();
    Map<String, CertificateFacts> facts = new LinkedHashMap<>();
    List<OpenCertificateIncident> open = new ArrayList<>();
    for (OpenCertificateIncident incident : state.open()) {
      int number = incident.transitions() + 1;
      Optional<Resolution> resolution =
          revision ? Optional.empty() : resolution(incident, observed, configuredPathLabels, seen);
      if (resolution.isPresent()) {
        Transition resolved =
            new Transition(
                target,
                incident.id(),
                number,
                TransitionKind.RESOLVED,
                slot,
                incident.signature(),
                Optional.empty());
        List<CertificateInfo> instead =
            resolution.get() == Resolution.REPLACED
                ? seen.certificatesOn(incident.path())
                : List.of();
        add(transitions, facts, resolved, CertificateFacts.of(incident, now, resolution, instead));
        continue;
      }
      boolean escalates =
          incident.severity() == Severity.WARN
              && policy.severity(incident.notAfter(), now).orElse(null) == Severity.PAGE;
      if (!escalates) {
        open.add(incident);
        continue;
      }
      Optional<Sighting> sighting = seen.of(incident.path(), incident.sha256());
      OpenCertificateIncident escalated =
          new OpenCertificateIncident(
              incident.id(),
              incident.path(),
              incident.sha256(),
              incident.subject(),
              incident.issuer(),
              incident.notAfter(),
              Severity.PAGE,
              sighting.map(Sighting::scope).orElse(incident.scope()),
              sighting.map(Sighting::regions).orElse(incident.regions()),
              number,
              incident.openedAt(),
              slot);
      Transition updated =
          new Transition(
              target,
              incident.id(),
              number,
              TransitionKind.UPDATED,
              slot,
              escalated.signature(),
              Optional.of(incident.signature()));
      add(
          transitions,
          facts,
          updated,
          CertificateFacts.of(escalated, now, Optional.empty(), List.of()));
      open.add(escalated);
    }

    for (Sighting s : seen.all()) {
      if (!configuredPathLabels.contains(s.path())
          || open.stream().anyMatch(i -> i.concerns(s.path(), s.sha256()))) {
        continue;
      }
      Optional<Severity> severity = policy.severity(s.certificate().notAfter(), now);
      if (severity.isEmpty()) {
        continue;
      }
      String id = incidentId(target, s.path(), s.sha256(), slot);
      OpenCertificateIncident incident =
          new OpenCertificateIncident(
              id,
              s.path(),
              s.sha256(),
              s.certificate().subject(),
              s.certificate().issuer(),
              s.certificate().notAfter(),
              severity.get(),
              s.scope(),
              s.regions(),
              1,
              slot,
              slot);
      Transition opened =
          new Transition(
              target, id, 1, TransitionKind.OPENED, slot, incident.signature(), Optional.empty());
      add(
          transitions,
          facts,
          opened,
          CertificateFacts.of(incident, now, Optional.empty(), List.of()));
      open.add(incident);
    }

    if (revision && transitions.isEmpty()) {
      return new CertificateStep(state, List.of(), Map.of(), CertificateOutcome.DUPLICATE);
    }
    CertificateState next =
        new CertificateState(target, open, Optional.of(revision ? newest.get() : slot));
    return new CertificateStep(
        next,
        transitions,
        facts,
        revision ? CertificateOutcome.REVISED : CertificateOutcome.APPLIED);
  }

  private static Optional<Resolution> resolution(
      OpenCertificateIncident incident,
      Set<String> observed,
      Set<String> configured,
      Sightings seen) {
    if (!configured.contains(incident.path())) {
      return Optional.of(Resolution.PATH_REMOVED);
    }
    if (observed.contains(incident.path())
        && seen.of(incident.path(), incident.sha256()).isEmpty()) {
      return Optional.of(Resolution.REPLACED);
    }
    return Optional.empty();
  }

  private static void add(
      List<Transition> transitions,
      Map<String, CertificateFacts> facts,
      Transition transition,
      CertificateFacts certificate) {
    transitions.add(transition);
    facts.put(transition.alertId(), certificate);
  }

  /**
   * One certificate on one path in this slot, with the regions that were served it.
   *
   * @param scope all-regions when every region that was served a certificate on the path was served
   *     this one
   */
  private record Sighting(
      String path, CertificateInfo certificate, List<String> regions, Scope scope) {
    String sha256() {
      return certificate.sha256();
    }
  }

  /** The slot's served certificates by path and sha256. */
  private static final class Sightings {
    private final List<Sighting> all;

    Sightings(List<ServedCertificate> served) {
      Map<String, Set<String>> regionsOnPath = new TreeMap<>();
      Map<String, ServedCertificate> first = new TreeMap<>();
      Map<String, Set<String>> regionsOfCertificate = new TreeMap<>();
      for (ServedCertificate s : served) {
        Objects.requireNonNull(s, "served certificate");
        String key = s.path() + "\n" + s.sha256();
        regionsOnPath.computeIfAbsent(s.path(), k -> new TreeSet<>()).add(s.region());
        first.putIfAbsent(key, s);
        regionsOfCertificate.computeIfAbsent(key, k -> new TreeSet<>()).add(s.region());
      }
      List<Sighting> sightings = new ArrayList<>();
      first.forEach(
          (key, s) -> {
            Set<String> regions = regionsOfCertificate.get(key);
            Scope scope =
                regions.equals(regionsOnPath.get(s.path())) ? Scope.ALL_REGIONS : Scope.REGIONAL;
            sightings.add(new Sighting(s.path(), s.certificate(), List.copyOf(regions), scope));
          });
      sightings.sort(Comparator.comparing(Sighting::path).thenComparing(Sighting::sha256));
      this.all = List.copyOf(sightings);
    }

    List<Sighting> all() {
      return all;
    }

    Set<String> paths() {
      Set<String> paths = new HashSet<>();
      all.forEach(s -> paths.add(s.path()));
      return paths;
    }

    Optional<Sighting> of(String path, String sha256) {
      return all.stream()
          .filter(s -> s.path().equals(path) && s.sha256().equals(sha256))
          .findFirst();
    }

    List<CertificateInfo> certificatesOn(String path) {
      return all.stream().filter(s -> s.path().equals(path)).map(Sighting::certificate).toList();
    }
  }
}
