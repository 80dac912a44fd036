package dev.probefleet.cli.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jcmd PID GC.class_histogram}'s live objects per class, and what grew between two of them:
 * when memory is not flat, the classes that grew name what is being kept.
 *
 * @param bytesByClass live bytes per class name
 * @param instancesByClass live instances per class name
 */
record ClassHistogram(Map<String, Long> bytesByClass, Map<String, Long> instancesByClass) {
  private static final Pattern ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

  /** One class's growth. */
  record Growth(String className, long bytes, long instances) {
    String describe() {
      return String.format(
          Locale.ROOT, "%+,d KiB %+,d instances %s", bytes / 1024, instances, className);
    }
  }

  static ClassHistogram parse(String text) {
    Map<String, Long> bytes = new HashMap<>();
    Map<String, Long> instances = new HashMap<>();
    Matcher m = ROW.matcher(text);
    while (m.find()) {
      instances.merge(m.group(3), Long.parseLong(m.group(1)), Long::sum);
      bytes.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
    }
    if (bytes.isEmpty()) {
      throw new SoakException("GC.class_histogram printed no class row");
    }
    return new ClassHistogram(Map.copyOf(bytes), Map.copyOf(instances));
  }

  /** The classes that grew most in bytes since {@code before}, at most {@code limit}. */
  List<Growth> grownSince(ClassHistogram before, int limit) {
    List<Growth> grown = new ArrayList<>();
    for (Map.Entry<String, Long> e : bytesByClass.entrySet()) {
      long delta = e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L);
      if (delta > 0) {
        grown.add(
            new Growth(
                e.getKey(),
                delta,
                instancesByClass.get(e.getKey())
                    - before.instancesByClass.getOrDefault(e.getKey(), 0L)));
      }
    }
    grown.sort(Comparator.comparingLong(Growth::bytes).reversed());
    return List.copyOf(grown.subList(0, Math.min(limit, grown.size())));
  }
}
