package dev.probefleet.lab.pki;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What a leaf certificate should say: the names it covers and when it is valid.
 *
 * @param names DNS names or IP literals, put in the subject alternative names (IP literals as IP
 *     SANs); the first is also the subject's common name
 * @param notBefore start of validity
 * @param notAfter end of validity
 */
public record CertificateSpec(List<String> names, Instant notBefore, Instant notAfter) {

  public CertificateSpec {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter " + notAfter + " is not after notBefore " + notBefore);
    }
  }

  /** Valid from an hour ago for 90 days. */
  public static CertificateSpec of(String... names) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new CertificateSpec(
        List.of(names), now.minus(Duration.ofHours(1)), now.plus(90, ChronoUnit.DAYS));
  }

  /** The same names, expired {@code ago} (valid for the 30 days before that). */
  public CertificateSpec expired(Duration ago) {
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(ago);
    return new CertificateSpec(names, end.minus(30, ChronoUnit.DAYS), end);
  }

  /** The same names, valid only from {@code in} from now (for 30 days). */
  public CertificateSpec notYetValid(Duration in) {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(in);
    return new CertificateSpec(names, start, start.plus(30, ChronoUnit.DAYS));
  }

  /** The same names with an explicit validity window. */
  public CertificateSpec validBetween(Instant from, Instant until) {
    return new CertificateSpec(names, from, until);
  }
}
