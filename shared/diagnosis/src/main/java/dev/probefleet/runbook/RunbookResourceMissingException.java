package dev.probefleet.runbook;

import dev.probefleet.ProbefleetException;

/** The runbook file that ships in this jar is missing or unreadable: a packaging fault. */
public final class RunbookResourceMissingException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  public RunbookResourceMissingException(String resource, Throwable cause) {
    super(
        "the class path has no readable " + resource + " (a broken probefleet-diagnosis jar?)",
        cause);
  }
}
