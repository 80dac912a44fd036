package dev.probefleet.local;

import dev.probefleet.ProbefleetException;

/** The local store could not be opened or attached; the message names the data directory. */
public class LocalStoreException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  public LocalStoreException(String message) {
    super(message);
  }

  public LocalStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
