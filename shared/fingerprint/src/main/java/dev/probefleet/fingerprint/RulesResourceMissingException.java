package dev.probefleet.fingerprint;

/** A rules file that should ship in this jar is missing or unreadable: a packaging fault. */
public final class RulesResourceMissingException extends FingerprintException {
  private static final long serialVersionUID = 1L;

  public RulesResourceMissingException(String resource, Throwable cause) {
    super(
        "the class path has no readable " + resource + " (a broken probefleet-fingerprint jar?)",
        cause);
  }
}
