package dev.probefleet.config.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the targets file writes them: a whole number and a unit, {@code 500ms}, {@code 10s},
 * {@code 2m}, {@code 1h}. A bare number is refused because its unit would be a guess (seconds?
 * milliseconds?); the message proposes both readings.
 */
public final class Durations {

  /** The longest probe timeout: a probe that needs longer is itself the problem. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");
  private static final Pattern FRACTIONAL = Pattern.compile("([0-9]*\\.[0-9]+)(ms|s|m|h)");
  private static final String FORMS = "500ms, 10s, 2m or 1h";

  private Durations() {}

  /**
   * A probe timeout: more than zero, at most {@link #MAX_TIMEOUT}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Duration timeout(String text) {
    Duration duration = parse(text);
    if (duration.isZero()) {
      throw new IllegalArgumentException("'" + text + "' is not a timeout; it must be more than 0");
    }
    if (duration.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("'" + text + "' is more than the 5m maximum");
    }
    return duration;
  }

  /** The message for a bare number written where a duration belongs. */
  public static String withoutUnit(String number) {
    BigDecimal value;
    try {
      value = new BigDecimal(number);
    } catch (NumberFormatException e) {
      return "'" + number + "' is not a duration; write a whole number and a unit: " + FORMS;
    }
    if (value.signum() <= 0) {
      return "'" + number + "' is not a timeout; it must be more than 0, with a unit: " + FORMS;
    }
    BigDecimal millis = value.multiply(BigDecimal.valueOf(1000));
    boolean wholeSeconds = value.stripTrailingZeros().scale() <= 0;
    if (wholeSeconds && millis.compareTo(BigDecimal.valueOf(MAX_TIMEOUT.toMillis())) <= 0) {
      return "'"
          + number
          + "' has no unit; write "
          + value.toBigInteger()
          + "s or "
          + millis.toBigInteger()
          + "ms";
    }
    if (wholeSeconds) {
      return "'" + number + "' has no unit; write " + value.toBigInteger() + "ms";
    }
    if (millis.stripTrailingZeros().scale() <= 0) {
      return "'" + number + "' has no unit; write " + millis.toBigInteger() + "ms";
    }
    return "'" + number + "' has no unit; write a whole number and a unit: " + FORMS;
  }

  /**
   * Any duration in the targets file's syntax (zero included).
   *
   * @throws IllegalArgumentException naming what is wrong and how to write it
   */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      if (m.group(1).length() > 9) {
        throw new IllegalArgumentException("'" + text + "' is more than the 5m maximum");
      }
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    Matcher fractional = FRACTIONAL.matcher(text);
    if (fractional.matches()) {
      BigDecimal millis =
          new BigDecimal(fractional.group(1))
              .multiply(BigDecimal.valueOf(unitMillis(fractional.group(2))));
      if (millis.stripTrailingZeros().scale() <= 0) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is not a duration; use whole numbers: write "
                + millis.toBigInteger()
                + "ms");
      }
    }
    if (text.matches("[0-9]+")) {
      throw new IllegalArgumentException(withoutUnit(text));
    }
    throw new IllegalArgumentException(
        "'"
            + YamlValues.shown(text)
            + "' is not a duration; write a whole number and a unit: "
            + FORMS);
  }

  private static long unitMillis(String unit) {
    return switch (unit) {
      case "ms" -> 1;
      case "s" -> 1000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
  }
}
