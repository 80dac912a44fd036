package dev.probefleet.store;

import dev.probefleet.ProbefleetException;

/**
 * A query the store cannot run: a bad parameter value, a combination it has no index for, or a
 * continuation token it did not issue for this query. The message names the parameter and what is
 * wrong with it; an API answers it with 400.
 */
public class InvalidQueryException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  public InvalidQueryException(String parameter, String problem) {
    super(parameter + ": " + problem);
    this.parameter = parameter;
  }

  public InvalidQueryException(String parameter, String problem, Throwable cause) {
    super(parameter + ": " + problem, cause);
    this.parameter = parameter;
  }

  /** The query parameter at fault, e.g. {@code layer}, {@code since} or {@code next}. */
  public String parameter() {
    return parameter;
  }
}
