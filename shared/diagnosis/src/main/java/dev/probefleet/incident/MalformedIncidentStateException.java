package dev.probefleet.incident;

import dev.probefleet.ProbefleetException;

/**
 * A stored incident state cannot be read back: the store holds something this code did not write.
 */
public final class MalformedIncidentStateException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public MalformedIncidentStateException(String field, String problem, Throwable cause) {
    super("stored incident state, field '" + field + "': " + problem, cause);
    this.field = field;
  }

  /** The JSON path of the bad field, e.g. {@code window[2].slot}. */
  public String field() {
    return field;
  }
}
