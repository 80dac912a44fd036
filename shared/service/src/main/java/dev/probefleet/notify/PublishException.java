package dev.probefleet.notify;

import dev.probefleet.ProbefleetException;

/** An alert could not be sent; it stays pending in the outbox and is sent by a later run. */
public class PublishException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
