package dev.probefleet.api.http;

import dev.probefleet.ProbefleetException;

/** {@code GET /v1/incidents/{id}} of an id the history does not hold: answered with 404. */
public final class NoSuchIncidentException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  NoSuchIncidentException(String id) {
    super("no incident has the id '" + id + "'");
  }
}
