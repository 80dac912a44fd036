package dev.probefleet.config.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Region names for {@code probeFrom}: AWS region names in every partition ({@code us-east-1},
 * {@code eu-central-1}, {@code us-gov-west-1}, {@code cn-north-1}, {@code us-isob-east-1}) and
 * {@code local} for the laptop runner. Checked by shape, not against a list, so a region AWS opens
 * next year needs no release.
 */
public final class Regions {

  /** The region name of the local runner. */
  public static final String LOCAL = "local";

  private static final Pattern AWS_REGION =
      Pattern.compile(
          "[a-z]{2,4}(-[a-z]{2,4})?-(central|north|south|east|west|northeast|northwest|southeast"
              + "|southwest)-[1-9][0-9]?");

  private Regions() {}

  /**
   * Checks a region name.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String region(String text) {
    if (text.equals(LOCAL) || AWS_REGION.matcher(text).matches()) {
      return text;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals(LOCAL) || AWS_REGION.matcher(lower).matches()) {
      throw new IllegalArgumentException("'" + text + "' must be written in lower case: " + lower);
    }
    throw new IllegalArgumentException(
        "'"
            + YamlValues.shown(text)
            + "' is not a region; write a region name like us-east-1 or eu-central-1, or local");
  }
}
