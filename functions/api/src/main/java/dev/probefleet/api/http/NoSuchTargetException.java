package dev.probefleet.api.http;

import dev.probefleet.ProbefleetException;

/** A target name the registry does not hold: answered with 404. */
public final class NoSuchTargetException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  NoSuchTargetException(String name) {
    super("no target is named '" + name + "'");
  }
}
