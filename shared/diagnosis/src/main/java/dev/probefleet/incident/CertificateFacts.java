package dev.probefleet.incident;

import dev.probefleet.model.CertificateInfo;
import dev.probefleet.model.PathKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an alert about a certificate transition says beyond the {@link Transition} itself: which
 * certificate, where, when it ends, and for a RESOLVED transition why and what is served now. The
 * machine hands these out with its transitions ({@link CertificateStep#factsOf}) because a resolved
 * certificate is no longer in the round, and the alert has no verdict to read it from.
 *
 * @param path the path label: {@code cdn}, {@code lb} or {@code origin[i]}
 * @param kind the kind of path
 * @param subject the certificate's subject distinguished name
 * @param issuer its issuer distinguished name
 * @param sha256 its SHA-256 fingerprint, hex
 * @param notAfter its end of validity
 * @param at the instant the time left is counted from (the machine's {@code now})
 * @param resolution for a RESOLVED transition, why it resolved
 * @param servedInstead for {@link Resolution#REPLACED}, the certificates the path serves now, once
 *     each, sorted by sha256; empty otherwise
 */
public record CertificateFacts(
    String path,
    PathKind kind,
    String subject,
    String issuer,
    String sha256,
    Instant notAfter,
    Instant at,
    Optional<Resolution> resolution,
    List<CertificateInfo> servedInstead) {

  /** Why a certificate incident resolved. */
  public enum Resolution {
    /** The path was seen with TLS and no reporting region was served this certificate any more. */
    REPLACED,
    /** The path is no longer configured (or no longer serves TLS). */
    PATH_REMOVED
  }

  public CertificateFacts {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(resolution, "resolution");
    servedInstead = List.copyOf(servedInstead);
  }

  /** The facts of an incident's certificate. */
  static CertificateFacts of(
      OpenCertificateIncident incident,
      Instant at,
      Optional<Resolution> resolution,
      List<CertificateInfo> servedInstead) {
    return new CertificateFacts(
        incident.path(),
        incident.kind(),
        incident.subject(),
        incident.issuer(),
        incident.sha256(),
        incident.notAfter(),
        at,
        resolution,
        servedInstead);
  }

  /** Whether the certificate has expired at {@link #at}. */
  public boolean expired() {
    return !notAfter.isAfter(at);
  }
}
