package dev.probefleet.lab.pki;

import dev.probefleet.ProbefleetException;

/** A key pair or certificate could not be made; names the certificate it was making. */
public final class UnableToIssueCertificateException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  UnableToIssueCertificateException(String what, Throwable cause) {
    super("cannot issue " + what + ": " + cause.getMessage(), cause);
  }
}
