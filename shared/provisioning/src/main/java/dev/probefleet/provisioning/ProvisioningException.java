package dev.probefleet.provisioning;

import dev.probefleet.ProbefleetException;

/**
 * A table or topic could not be created, or an existing one does not match its definition. The
 * message names the resource and what is wrong with it.
 */
public class ProvisioningException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String resource;

  public ProvisioningException(String resource, String message) {
    super(resource + ": " + message);
    this.resource = resource;
  }

  public ProvisioningException(String resource, String message, Throwable cause) {
    super(resource + ": " + message, cause);
    this.resource = resource;
  }

  /** Physical name of the table or topic concerned. */
  public String resource() {
    return resource;
  }
}
