package dev.probefleet.captures;

/**
 * Root of this module's own failures. It extends {@link RuntimeException} rather than probefleet's
 * root exception because this module must stay free of probefleet dependencies (the fault lab and
 * the fingerprint tests depend on it, not the other way round).
 */
public abstract class CapturesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected CapturesException(String message) {
    super(message);
  }

  protected CapturesException(String message, Throwable cause) {
    super(message, cause);
  }
}
