package dev.probefleet.incident;

import dev.probefleet.ProbefleetException;
import java.time.Duration;

/** A certificate policy value is missing or out of range. */
public final class InvalidCertificatePolicyException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final Duration value;

  public InvalidCertificatePolicyException(String field, Duration value, String rule) {
    super("certificate policy " + field + " = " + CertificatePolicy.describe(value) + ": " + rule);
    this.field = field;
    this.value = value;
  }

  /** {@code warnWithin} or {@code pageWithin}. */
  public String field() {
    return field;
  }

  /** The rejected value; null when it was missing. */
  public Duration value() {
    return value;
  }
}
