package dev.probefleet.captures;

/** No page was recorded for this software and scenario (or its resource is missing). */
public final class CapturedPageNotFoundException extends CapturesException {
  private static final long serialVersionUID = 1L;

  private final String software;
  private final String scenario;

  public CapturedPageNotFoundException(String software, String scenario, String where) {
    super("no captured page for " + software + "/" + scenario + " (" + where + ")");
    this.software = software;
    this.scenario = scenario;
  }

  /** The software id asked for. */
  public String software() {
    return software;
  }

  /** The scenario id asked for. */
  public String scenario() {
    return scenario;
  }
}
