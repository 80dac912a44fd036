package dev.probefleet.runbook.internal;

/**
 * A step before its variables are filled: an action and an optional command (null when none), both
 * with {@code {this.ip}}-style variables.
 */
public record Template(String action, String command) {
  static Template say(String action) {
    return new Template(action, null);
  }

  static Template run(String action, String command) {
    return new Template(action, command);
  }
}
