package dev.probefleet.probe;

import dev.probefleet.ProbefleetException;

/**
 * A path's CA bundle ({@code caFile}) holds no certificate the JDK can read. Names the bundle's
 * source; the targets loader should have caught it, so at probe time it is reported for that task
 * only.
 */
public final class InvalidCaBundleException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String source;

  public InvalidCaBundleException(String source, String problem) {
    super("caFile " + source + ": " + problem);
    this.source = source;
  }

  public InvalidCaBundleException(String source, String problem, Throwable cause) {
    super("caFile " + source + ": " + problem, cause);
    this.source = source;
  }

  /** Where the bundle was read from. */
  public String source() {
    return source;
  }
}
