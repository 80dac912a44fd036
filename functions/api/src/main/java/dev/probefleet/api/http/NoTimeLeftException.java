package dev.probefleet.api.http;

import dev.probefleet.ProbefleetException;

/** The Lambda invocation has too little time left to read the store: answered with 503. */
public final class NoTimeLeftException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  NoTimeLeftException(long remainingMillis) {
    super(
        "the invocation has "
            + remainingMillis
            + " ms left, not enough to read the store and answer; try again");
  }
}
