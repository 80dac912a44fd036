package dev.probefleet.lab.server;

import dev.probefleet.ProbefleetException;

/** A lab server could not bind or get ready; names the server and the address. */
public final class UnableToStartServerException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  UnableToStartServerException(String message) {
    super(message);
  }

  UnableToStartServerException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
