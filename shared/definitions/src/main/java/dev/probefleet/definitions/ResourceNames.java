package dev.probefleet.definitions;

import java.util.Objects;

/**
 * Physical names of the resources of one deployment: {@code <prefix>-<logical name>}. The prefix
 * separates deployments (stages, or test runs sharing one emulator) in one account and region.
 *
 * @param prefix deployment prefix, e.g. {@code probefleet} or {@code probefleet-staging}
 */
public record ResourceNames(String prefix) {

  /** The prefix of a default deployment. */
  public static final String DEFAULT_PREFIX = "probefleet";

  // Table names allow [a-zA-Z0-9_.-]{3,255}, topic names [a-zA-Z0-9_-]{1,256}: take what both allow
  // and leave room for the logical name.
  private static final String PREFIX_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,150}";

  public ResourceNames {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.matches(PREFIX_PATTERN)) {
      throw new IllegalArgumentException(
          "resource name prefix '"
              + prefix
              + "' is not valid: use letters, digits, '-' and '_' (at most 151 characters)");
    }
  }

  /** Names of the default deployment. */
  public static ResourceNames defaults() {
    return new ResourceNames(DEFAULT_PREFIX);
  }

  /** The physical name of a table. */
  public String table(TableDefinition table) {
    return prefix + "-" + table.logicalName();
  }

  /** The physical name of a topic. */
  public String topic(TopicDefinition topic) {
    return prefix + "-" + topic.logicalName();
  }
}
