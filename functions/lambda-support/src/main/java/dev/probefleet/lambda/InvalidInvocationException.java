package dev.probefleet.lambda;

import dev.probefleet.ProbefleetException;

/**
 * A function was invoked with input it cannot use: the message names the field and what it should
 * be. The invocation fails (an error in CloudWatch, the schedule's retry policy decides what next)
 * rather than guessing.
 */
public class InvalidInvocationException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  public InvalidInvocationException(String message) {
    super(message);
  }
}
