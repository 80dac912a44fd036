package dev.probefleet.incident;

import dev.probefleet.ProbefleetException;

/** An incident policy value is out of range. */
public final class InvalidIncidentPolicyException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final int value;

  public InvalidIncidentPolicyException(String field, int value, String rule) {
    super("incident policy " + field + " = " + value + ": " + rule);
    this.field = field;
    this.value = value;
  }

  /** {@code k}, {@code n} or {@code m}. */
  public String field() {
    return field;
  }

  public int value() {
    return value;
  }
}
