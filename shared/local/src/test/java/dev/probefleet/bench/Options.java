package dev.probefleet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What the benchmarks share: {@code key=value} arguments, a header naming the machine. */
final class Options {
  private Options() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return options;
  }

  static void header(String title, Map<String, Object> settings) {
    System.out.println("== " + title);
    System.out.printf(
        "machine: %d cores, %s %s, Java %s (%s); load average %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        Runtime.version(),
        System.getProperty("java.vendor"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    StringBuilder line = new StringBuilder();
    settings.forEach((k, v) -> line.append(k).append(' ').append(v).append("; "));
    System.out.println("settings: " + line);
    System.out.println();
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
