package dev.probefleet.probe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A contender's own JVM: the parent's {@code java} binary and class path, and the same {@link
 * #FLAGS} for every contender, which leave the JVM on its defaults (heap and GC chosen from the
 * machine). A child reports through one {@code RESULT key=value …} line on stdout; its stderr goes
 * to the parent's.
 */
final class ChildJvm {
  /**
   * The JVM flags of every child: none that change the JVM's sizing or behaviour; only the one that
   * quiets SLF4J's "no providers" notice (dnsjava logs through SLF4J, and no binding is on the
   * class path).
   */
  static final List<String> FLAGS = List.of("-Dslf4j.internal.verbosity=ERROR");

  private static final String RESULT = "RESULT ";

  private ChildJvm() {}

  /** Starts {@code main} with these arguments in a new JVM. */
  static Process start(Class<?> main, List<String> args) {
    return start(main, List.of(), args);
  }

  /** Starts {@code main} in a new JVM with {@link #FLAGS} and these JVM flags besides. */
  static Process start(Class<?> main, List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(FLAGS);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    try {
      return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM: " + command.get(0), e);
    }
  }

  /**
   * Runs {@code main} to its end and returns its result, or fails with what it printed; a child
   * still running after {@code timeout} is killed.
   */
  static Map<String, String> run(Class<?> main, List<String> args, Duration timeout)
      throws InterruptedException {
    return run(main, List.of(), args, timeout);
  }

  /** {@link #run(Class, List, Duration)} with these JVM flags besides {@link #FLAGS}. */
  static Map<String, String> run(
      Class<?> main, List<String> jvmFlags, List<String> args, Duration timeout)
      throws InterruptedException {
    Process process = start(main, jvmFlags, args);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                process.destroyForcibly();
              }
            });
    List<String> printed = new ArrayList<>();
    Map<String, String> result = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(RESULT)) {
          result = parse(line);
        } else {
          printed.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + main.getSimpleName(), e);
    }
    int exit = process.waitFor();
    if (result == null || exit != 0) {
      throw new IllegalStateException(
          main.getSimpleName()
              + " "
              + String.join(" ", args)
              + " exited with "
              + exit
              + " and no result; it printed: "
              + String.join("\n", printed));
    }
    return result;
  }

  /** {@code RESULT k=v k=v}: values must hold no spaces. */
  static String resultLine(Map<String, Object> values) {
    return RESULT
        + values.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
  }

  /** {@code NAME:count,NAME:count}, or {@code -} when there is none. */
  static String describe(Map<String, Integer> counts) {
    return counts.isEmpty()
        ? "-"
        : counts.entrySet().stream()
            .map(e -> e.getKey().replace(' ', '_') + ":" + e.getValue())
            .collect(Collectors.joining(","));
  }

  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(System.getProperty("java.home") + "/bin/java");
  }

  private static Map<String, String> parse(String line) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : line.substring(RESULT.length()).trim().split(" ")) {
      int eq = pair.indexOf('=');
      values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return values;
  }
}
