package dev.probefleet.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One certificate of the chain a server presented.
 *
 * @param subject subject distinguished name
 * @param subjectAltNames DNS and IP subject alternative names
 * @param issuer issuer distinguished name
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256 SHA-256 fingerprint, hex
 */
public record CertificateInfo(
    String subject,
    List<String> subjectAltNames,
    String issuer,
    Instant notBefore,
    Instant notAfter,
    String sha256) {

  public CertificateInfo {
    Objects.requireNonNull(subject, "subject");
    subjectAltNames = List.copyOf(subjectAltNames);
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** Whole days until {@code notAfter}; negative once expired. */
  public long daysLeft(Instant now) {
    return Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
  }
}
