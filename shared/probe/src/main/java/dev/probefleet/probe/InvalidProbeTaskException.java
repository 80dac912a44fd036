package dev.probefleet.probe;

import dev.probefleet.ProbefleetException;

/**
 * A probe task that cannot be sent as HTTP/1.1: a method or header name that is not a token, a
 * header value with a line break, a header the client owns. The message names the target, the path
 * and the field — never a header value.
 */
public final class InvalidProbeTaskException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  public InvalidProbeTaskException(String target, String path, String problem) {
    super("probe task " + target + " " + path + ": " + problem);
  }
}
