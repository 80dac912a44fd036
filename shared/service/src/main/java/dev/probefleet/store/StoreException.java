package dev.probefleet.store;

import dev.probefleet.ProbefleetException;

/** A store could not be read or written; the message names the table and the operation. */
public class StoreException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
