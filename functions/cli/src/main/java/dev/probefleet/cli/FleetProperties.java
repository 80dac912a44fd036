package dev.probefleet.cli;

import dev.probefleet.config.TargetsConfig;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.runtime.FleetConfigurationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command's flags as properties of the composition root. A property a flag set that the fleet
 * finds wrong is reported as a usage error naming the flag and its value, the way a user typed it,
 * not the property behind it.
 */
final class FleetProperties {
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final Map<String, String> flags = new HashMap<>();

  /** Sets a property the command decides. */
  void set(String property, Object value) {
    properties.put(property, value);
  }

  /** Sets a property from a flag's value, when the flag was given. */
  void flag(String flag, String property, String value) {
    if (value != null) {
      properties.put(property, value);
      flags.put(property, flag + " " + value);
    }
  }

  /** The targets file's own fingerprint rules, when it names a rules file. */
  void fingerprintRules(TargetsConfig targets) {
    targets
        .fingerprintRules()
        .ifPresent(
            rules -> {
              set("probefleet.fingerprint.rules", rules.content());
              set("probefleet.fingerprint.rules-source", rules.source());
            });
  }

  Fleet start() {
    try {
      return Fleet.start(properties);
    } catch (FleetConfigurationException e) {
      throw asUsage(e);
    }
  }

  <T> T get(Fleet fleet, Class<T> type) {
    try {
      return fleet.get(type);
    } catch (FleetConfigurationException e) {
      throw asUsage(e);
    }
  }

  private RuntimeException asUsage(FleetConfigurationException e) {
    String flag = flags.get(e.property());
    if (flag == null) {
      return e;
    }
    String message = e.getMessage();
    String problem = message.substring(e.property().length() + 2);
    int variable = problem.lastIndexOf(" (environment variable ");
    return new UsageException(
        flag + ": " + (variable < 0 ? problem : problem.substring(0, variable)));
  }
}
