package dev.probefleet.attribution;

/** How far a verdict reaches across the regions that reported the round. */
public enum Scope {
  /** Every region that reported sees the fault. */
  ALL_REGIONS("all-regions"),
  /** Only some regions see it; {@link Verdict#regions()} lists them. */
  REGIONAL("regional"),
  /** Nothing is failing. */
  NONE("none");

  private final String key;

  Scope(String key) {
    this.key = key;
  }

  /** The spelling used in JSON and alerts: {@code all-regions}, {@code regional}, {@code none}. */
  public String key() {
    return key;
  }
}
