package dev.probefleet.cli.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one soak does and how it is judged, from {@code SOAK_ARGS} ({@code key=value} words): the
 * fleet's size and schedule, how often it is sampled, and the bounds of the verdict.
 *
 * @param targets lab targets, each with a cdn, an lb and an origin path
 * @param origins origin instances of the lab, taken in turn by the targets
 * @param interval {@code run --interval}
 * @param duration how long the fleet runs once started
 * @param sample time between two samples of the process
 * @param warmup samples before this are shown but left out of the slopes and growth (a JVM's heap,
 *     code cache and pools settle in its first minutes); at most a third of {@code duration}
 * @param store {@code run --store}: memory or local
 * @param out where the targets file, the CSVs, the chart and the fleet's stderr go
 * @param heapSlopeBound the most heap after GC may grow per minute after warm-up, MiB
 * @param rssSlopeBound the most resident memory may grow per minute after warm-up, MiB
 * @param fdNoise the most open descriptors may grow after warm-up (sockets in flight at the moment
 *     of a sample)
 * @param threadNoise the most threads may grow after warm-up
 */
record SoakSettings(
    int targets,
    int origins,
    Duration interval,
    Duration duration,
    Duration sample,
    Duration warmup,
    String store,
    Path out,
    double heapSlopeBound,
    double rssSlopeBound,
    int fdNoise,
    int threadNoise) {

  /**
   * The defaults: what the issue asks for, 1,000 targets every 10 s for 10 minutes, on the store
   * `probefleet run` uses unless told otherwise (local, DynamoDB Local).
   */
  static final Map<String, String> DEFAULTS =
      defaults(
          "targets=1000",
          "origins=1",
          "interval=10s",
          "duration=10m",
          "sample=10s",
          "warmup=2m",
          "store=local",
          "out=functions/cli/target/soak",
          "heapSlope=1.0",
          "rssSlope=4.0",
          "fdNoise=4",
          "threadNoise=2");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** The settings from {@code key=value} words; every key not given keeps its default. */
  static SoakSettings parse(List<String> words) {
    Map<String, String> given = new LinkedHashMap<>(DEFAULTS);
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq <= 0) {
        throw new SoakException(
            "SOAK_ARGS: '" + word + "' is not key=value (keys: " + DEFAULTS.keySet() + ")");
      }
      String key = word.substring(0, eq);
      if (!DEFAULTS.containsKey(key)) {
        throw new SoakException(
            "SOAK_ARGS: unknown key '" + key + "' (keys: " + DEFAULTS.keySet() + ")");
      }
      given.put(key, word.substring(eq + 1));
    }
    Duration duration = duration(given, "duration");
    Duration warmup = duration(given, "warmup");
    Duration third = duration.dividedBy(3);
    SoakSettings settings =
        new SoakSettings(
            integer(given, "targets", 1, 100_000),
            integer(given, "origins", 1, 16),
            duration(given, "interval"),
            duration,
            duration(given, "sample"),
            warmup.compareTo(third) > 0 ? third : warmup,
            store(given.get("store")),
            Path.of(given.get("out")),
            decimal(given, "heapSlope"),
            decimal(given, "rssSlope"),
            integer(given, "fdNoise", 0, 10_000),
            integer(given, "threadNoise", 0, 10_000));
    if (settings.interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new SoakException("SOAK_ARGS: interval must be at least 1s, got " + settings.interval);
    }
    if (settings.sample.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new SoakException("SOAK_ARGS: sample must be at least 2s, got " + settings.sample);
    }
    if (duration.compareTo(settings.sample.multipliedBy(6)) < 0) {
      throw new SoakException(
          "SOAK_ARGS: duration ("
              + duration
              + ") must hold at least 6 samples of "
              + settings.sample
              + " to give a slope");
    }
    return settings;
  }

  /** The arguments as one line, for the report's first line and the lead's README. */
  String describe() {
    return "targets="
        + targets
        + " origins="
        + origins
        + " interval="
        + text(interval)
        + " duration="
        + text(duration)
        + " sample="
        + text(sample)
        + " warmup="
        + text(warmup)
        + " store="
        + store;
  }

  static String text(Duration d) {
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  private static Map<String, String> defaults(String... words) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      out.put(w.substring(0, eq), w.substring(eq + 1));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Duration duration(Map<String, String> given, String key) {
    Matcher m = DURATION.matcher(given.get(key).trim());
    if (!m.matches()) {
      throw new SoakException(
          "SOAK_ARGS: " + key + "=" + given.get(key) + " is not a duration (500ms, 10s, 2m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero()) {
      throw new SoakException("SOAK_ARGS: " + key + " must be positive");
    }
    return d;
  }

  private static int integer(Map<String, String> given, String key, int min, int max) {
    try {
      int n = Integer.parseInt(given.get(key).trim());
      if (n < min || n > max) {
        throw new SoakException(
            "SOAK_ARGS: " + key + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new SoakException("SOAK_ARGS: " + key + "=" + given.get(key) + " is not a number", e);
    }
  }

  private static double decimal(Map<String, String> given, String key) {
    try {
      double d = Double.parseDouble(given.get(key).trim());
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new SoakException("SOAK_ARGS: " + key + " must be a finite number >= 0, got " + d);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new SoakException("SOAK_ARGS: " + key + "=" + given.get(key) + " is not a number", e);
    }
  }

  private static String store(String value) {
    String v = value.trim();
    if (!v.equals("memory") && !v.equals("local")) {
      throw new SoakException("SOAK_ARGS: store must be memory or local, got '" + value + "'");
    }
    return v;
  }
}
