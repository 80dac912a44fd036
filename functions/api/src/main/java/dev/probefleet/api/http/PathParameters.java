package dev.probefleet.api.http;

import dev.probefleet.store.InvalidQueryException;
import java.util.regex.Pattern;

/**
 * The path parameters' shapes, checked before any store is read: a value that cannot name anything
 * is a 400 naming the parameter, not a 404 that echoes kilobytes of it back, and it costs no read.
 */
final class PathParameters {
  /** An incident id as the fleet writes them: a ULID (Crockford base32, 26 characters). */
  private static final Pattern INCIDENT_ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

  /** A target name as a targets file may give it (DESIGN §3). */
  private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** Characters of a refused value a message shows; the rest is counted. */
  static final int MAX_SHOWN = 60;

  private PathParameters() {}

  /**
   * @throws InvalidQueryException naming {@code id} when the value is not a ULID
   */
  static String incidentId(String id) {
    if (!INCIDENT_ID.matcher(id).matches()) {
      throw new InvalidQueryException(
          "id",
          "'"
              + shown(id)
              + "' is not an incident id (26 characters of Crockford base32, a ULID, as"
              + " /v1/incidents lists them)");
    }
    return id;
  }

  /**
   * @throws InvalidQueryException naming {@code name} when the value cannot be a target's name
   */
  static String targetName(String name) {
    if (!TARGET_NAME.matcher(name).matches()) {
      throw new InvalidQueryException(
          "name",
          "'"
              + shown(name)
              + "' is not a target name (1 to 100 letters, digits, '.', '_' or '-', starting"
              + " with a letter or digit)");
    }
    return name;
  }

  /** The value as a message shows it: control characters escaped, long values cut. */
  static String shown(String value) {
    StringBuilder out = new StringBuilder();
    int limit = Math.min(value.length(), MAX_SHOWN);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_SHOWN) {
      out.append("… (").append(value.length()).append(" characters)");
    }
    return out.toString();
  }
}
