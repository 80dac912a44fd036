package dev.probefleet.api.model;

/** What every document of the API shares. */
final class Documents {
  /** The version of every document; keys may be added within it, never renamed. */
  static final int SCHEMA_VERSION = 1;

  private Documents() {}
}
