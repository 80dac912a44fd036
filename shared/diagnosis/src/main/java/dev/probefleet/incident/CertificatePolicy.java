package dev.probefleet.incident;

import dev.probefleet.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a served certificate becomes an incident of its own ({@link CertificateIncidents}): WARN
 * once it is within {@code warnWithin} of its end of validity, PAGE once within {@code pageWithin}
 * and after it expired. Both bounds are inclusive: with the defaults a certificate exactly 14 days
 * from expiry warns, one 15 days away does not.
 *
 * <p>Why two steps: two weeks leave a renewal that failed silently (ACM validation records gone, a
 * certbot timer that stopped) to be fixed in working hours, so it must not wake anyone; three days
 * is when it can no longer wait for the next working day.
 *
 * @param warnWithin how close to expiry a certificate opens a WARN incident; positive
 * @param pageWithin how close to expiry it escalates to PAGE; between zero and {@code warnWithin}
 * @throws InvalidCertificatePolicyException naming the bad value
 */
public record CertificatePolicy(Duration warnWithin, Duration pageWithin) {
  /** WARN within 14 days of expiry, PAGE within 3 days (DESIGN §1, expiring certificates). */
  public static final CertificatePolicy DEFAULT =
      new CertificatePolicy(Duration.ofDays(14), Duration.ofDays(3));

  public CertificatePolicy {
    if (warnWithin == null) {
      throw new InvalidCertificatePolicyException("warnWithin", null, "is required");
    }
    if (pageWithin == null) {
      throw new InvalidCertificatePolicyException("pageWithin", null, "is required");
    }
    if (warnWithin.isNegative() || warnWithin.isZero()) {
      throw new InvalidCertificatePolicyException("warnWithin", warnWithin, "must be positive");
    }
    if (pageWithin.isNegative()) {
      throw new InvalidCertificatePolicyException(
          "pageWithin", pageWithin, "must not be negative (zero pages only once expired)");
    }
    if (pageWithin.compareTo(warnWithin) > 0) {
      throw new InvalidCertificatePolicyException(
          "pageWithin",
          pageWithin,
          "must not be longer than warnWithin (" + describe(warnWithin) + ")");
    }
  }

  /**
   * How loud a certificate that ends at {@code notAfter} is at {@code now}: empty while it is
   * further than {@code warnWithin} from expiry, WARN inside it, PAGE within {@code pageWithin} and
   * once expired.
   */
  public Optional<Severity> severity(Instant notAfter, Instant now) {
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(now, "now");
    if (!notAfter.isAfter(now.plus(pageWithin))) {
      return Optional.of(Severity.PAGE);
    }
    if (!notAfter.isAfter(now.plus(warnWithin))) {
      return Optional.of(Severity.WARN);
    }
    return Optional.empty();
  }

  /** {@code 14 days}, {@code 1 day}, or the ISO form ({@code PT36H}) when not whole days. */
  static String describe(Duration d) {
    if (d == null) {
      return "null";
    }
    if (!d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
      long days = d.toDays();
      return days + (Math.abs(days) == 1 ? " day" : " days");
    }
    return d.toString();
  }
}
