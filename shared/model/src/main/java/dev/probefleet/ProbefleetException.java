package dev.probefleet;

/**
 * Root of probefleet's own failures: a bad configuration, a store that cannot be written, a bug. A
 * failed probe is never one of these — it is data ({@link dev.probefleet.model.FailureClass}). Each
 * package that throws defines its specific subclasses, which carry the context an operator needs
 * (the file and line, the table, the target).
 */
public abstract class ProbefleetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ProbefleetException(String message) {
    super(message);
  }

  protected ProbefleetException(String message, Throwable cause) {
    super(message, cause);
  }
}
