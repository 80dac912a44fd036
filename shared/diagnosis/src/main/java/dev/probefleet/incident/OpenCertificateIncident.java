package dev.probefleet.incident;

import dev.probefleet.attribution.Scope;
import dev.probefleet.model.Cause;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An open expiring-certificate incident: one certificate (by sha256) served on one path of the
 * target. It keeps what its alerts name (subject, issuer, end of validity) because the certificate
 * is no longer served when the incident resolves, and the spread of its latest transition because a
 * RESOLVED transition repeats what the incident was while open.
 *
 * @param id its id ({@link CertificateIncidents#incidentId})
 * @param path the path label: {@code cdn}, {@code lb} or {@code origin[i]}
 * @param sha256 the certificate's SHA-256 fingerprint, hex
 * @param subject its subject distinguished name
 * @param issuer its issuer distinguished name
 * @param notAfter its end of validity
 * @param severity WARN or PAGE
 * @param scope {@link Scope#ALL_REGIONS} when every region that was served a certificate on the
 *     path was served this one, else {@link Scope#REGIONAL}; as of the latest transition
 * @param regions the regions that were served it, sorted; as of the latest transition
 * @param transitions transitions emitted so far (1 after opening)
 * @param openedAt the slot it opened at (its id derives from it)
 * @param lastTransitionAt the slot of the latest transition
 */
public record OpenCertificateIncident(
    String id,
    String path,
    String sha256,
    String subject,
    String issuer,
    Instant notAfter,
    Severity severity,
    Scope scope,
    List<String> regions,
    int transitions,
    RoundSlot openedAt,
    RoundSlot lastTransitionAt) {

  public OpenCertificateIncident {
    Objects.requireNonNull(id, "id");
    PathLabels.kindOf(path);
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(scope, "scope");
    regions = regions.stream().distinct().sorted().toList();
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(lastTransitionAt, "lastTransitionAt");
    if (id.isBlank()) {
      throw new IllegalArgumentException("the incident of certificate on " + path + " has no id");
    }
    if (sha256.isBlank()) {
      throw new IllegalArgumentException("incident " + id + ": the certificate has no sha256");
    }
    if (severity == Severity.INFO) {
      throw new IllegalArgumentException("incident " + id + ": severity is WARN or PAGE, not INFO");
    }
    if (scope == Scope.NONE) {
      throw new IllegalArgumentException(
          "incident " + id + ": scope is all-regions or regional, not none");
    }
    if (transitions < 1) {
      throw new IllegalArgumentException(
          "incident " + id + ": transitions start at 1, not " + transitions);
    }
    if (lastTransitionAt.compareTo(openedAt) < 0) {
      throw new IllegalArgumentException(
          "incident "
              + id
              + ": last transition at "
              + lastTransitionAt
              + " is before it opened at "
              + openedAt);
    }
  }

  /** The kind of path, from its label. */
  public PathKind kind() {
    return PathLabels.kindOf(path);
  }

  /** Its layer, cause, severity and spread, as its transitions carry them. */
  public Signature signature() {
    return new Signature(
        PathLabels.layerOf(kind()), Cause.CERTIFICATE_EXPIRING, severity, scope, regions);
  }

  /** Whether this incident is about that certificate on that path. */
  boolean concerns(String pathLabel, String certificateSha256) {
    return path.equals(pathLabel) && sha256.equals(certificateSha256);
  }
}
