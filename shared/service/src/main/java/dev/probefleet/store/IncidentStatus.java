package dev.probefleet.store;

import java.util.Locale;

/** Whether an incident is still open. */
public enum IncidentStatus {
  OPEN,
  RESOLVED;

  /** The spelling of query parameters and JSON: {@code open}, {@code resolved}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
