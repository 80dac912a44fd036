package dev.probefleet.notify;

import dev.probefleet.ProbefleetException;

/**
 * An alert could not be sent; it stays pending in the outbox and a later run tries again — unless
 * the transport refused this very message for good ({@link #permanent()}), in which case the outbox
 * gives it up after a bounded number of tries and keeps it as a dead letter.
 */
public class PublishException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;

  /** A transient failure (throttling, the transport unreachable, a timeout). */
  public PublishException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param permanent whether the transport refused this message itself (too large, invalid), so
   *     that trying it again cannot succeed — as opposed to a failure a retry or a configuration
   *     fix cures
   */
  public PublishException(String message, Throwable cause, boolean permanent) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** Whether trying this message again cannot succeed. */
  public boolean permanent() {
    return permanent;
  }
}
