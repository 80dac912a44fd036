package dev.probefleet.config;

import dev.probefleet.config.internal.Durations;
import java.time.Duration;

/**
 * Durations as the targets file writes them — {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} —
 * for other places that take one from a person (the CLI's flags), so that both accept the same
 * forms and refuse the same mistakes with the same advice.
 */
public final class DurationSyntax {
  private DurationSyntax() {}

  /**
   * Parses a duration; zero is allowed.
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. {@code '10' has no unit; write 10s
   *     or 10000ms}
   */
  public static Duration parse(String text) {
    return Durations.parse(text.trim());
  }
}
