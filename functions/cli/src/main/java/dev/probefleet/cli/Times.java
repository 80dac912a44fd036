package dev.probefleet.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Times and durations as the incident commands show them to a person. */
final class Times {
  private Times() {}

  /**
   * An ISO-8601 instant ({@code 2026-11-24T09:01:00.123Z}) as {@code 2026-11-24 09:01:00Z}: to the
   * second, which is what a slot or an alert's time needs; {@code -} for none.
   */
  static String shown(String instant) {
    if (instant == null) {
      return "-";
    }
    try {
      return Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
    } catch (DateTimeParseException e) {
      return instant;
    }
  }

  /** {@code 45s}, {@code 12m05s}, {@code 2h05m}, {@code 3d04h}; negative durations as 0s. */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format("%dd%02dh", s / 86400, s % 86400 / 3600);
  }
}
