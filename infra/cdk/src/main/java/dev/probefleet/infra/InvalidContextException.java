package dev.probefleet.infra;

/** A context value the app cannot deploy with; the message names the key and what it expects. */
public final class InvalidContextException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidContextException(String key, String message) {
    super("context " + key + ": " + message);
    this.key = key;
  }

  /** The context key that is wrong. */
  public String key() {
    return key;
  }
}
