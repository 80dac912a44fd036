package dev.probefleet.notify;

import dev.probefleet.ProbefleetException;

/**
 * An alert could not be sent. Either way it stays in the outbox; what to do next depends on {@link
 * #permanent()}.
 *
 * <p><b>Transient</b> (the default): a later attempt can succeed — throttling, a server error, the
 * network, a timeout, or a refusal a configuration fix cures (missing IAM permission, a deleted
 * topic, a disabled KMS key). Publish it again on the next run. An operator fixing IAM must find
 * the alerts still pending, not dead-lettered.
 *
 * <p><b>Permanent</b>: the transport refused this very message and will refuse it however often it
 * is sent (a parameter it rejects, a message over the size limit). Sending it again cannot help;
 * keep it aside as a dead letter, count it, and let the alerts behind it go out.
 */
public class PublishException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final boolean permanent;

  /** A transient failure: a later attempt may succeed. */
  public PublishException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param permanent true when this message will never be accepted as it is (see the class comment)
   */
  public PublishException(String message, Throwable cause, boolean permanent) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** Whether sending this same message again is pointless (see the class comment). */
  public boolean permanent() {
    return permanent;
  }
}
