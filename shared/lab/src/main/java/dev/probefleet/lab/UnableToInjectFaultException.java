package dev.probefleet.lab;

import dev.probefleet.ProbefleetException;

/**
 * A fault cannot be injected into this lab as it was built (e.g. {@link LabFault#APP_DOWN} without
 * an origin web server, a certificate fault without TLS on the load balancer) or where it was asked
 * for (an instance that does not exist); names the fault and what is missing.
 */
public final class UnableToInjectFaultException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  UnableToInjectFaultException(LabFault fault, String reason) {
    super("cannot inject " + fault + ": " + reason);
  }
}
