package dev.probefleet.runtime;

import dev.probefleet.ProbefleetException;

/**
 * The fleet's configuration is wrong: the message names the property (as written in {@code
 * application.yml}; the environment variable is the same name upper-cased with dots and dashes as
 * underscores, e.g. {@code probefleet.analyzer.grace} ↔ {@code PROBEFLEET_ANALYZER_GRACE}) and what
 * is wrong with its value.
 */
public class FleetConfigurationException extends ProbefleetException {
  private static final long serialVersionUID = 1L;

  private final String property;

  public FleetConfigurationException(String property, String problem) {
    super(property + ": " + problem + " (environment variable " + variable(property) + ")");
    this.property = property;
  }

  /** The property at fault, e.g. {@code probefleet.store.kind}. */
  public String property() {
    return property;
  }

  /** The environment variable Micronaut maps onto a property. */
  static String variable(String property) {
    return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
