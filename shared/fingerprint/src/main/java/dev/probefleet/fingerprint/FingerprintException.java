package dev.probefleet.fingerprint;

import dev.probefleet.ProbefleetException;

/** Root of this module's own failures: bad rules, bad input documents, a broken jar. */
public abstract class FingerprintException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  protected FingerprintException(String message) {
    super(message);
  }

  protected FingerprintException(String message, Throwable cause) {
    super(message, cause);
  }
}
