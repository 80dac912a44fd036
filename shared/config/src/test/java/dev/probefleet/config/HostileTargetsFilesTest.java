package dev.probefleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Targets files built to hurt the loader — a 50 MB file, "billion laughs" through aliases and merge
 * keys, nesting thousands of levels deep, control characters — generated into a temporary directory
 * (none is committed: a 50 MB fixture has no place in the repository). Each must fail with its
 * exact message, quickly, and the 50 MB one without being read: the bytes this thread allocates
 * while it is refused are far fewer than the file holds.
 *
 * <p>Prints the table {@code input → where → message} that the README's reliability section
 * carries.
 */
class HostileTargetsFilesTest {
  private static final long FIFTY_MB = 50L * 1024 * 1024;
  private static final List<String> TABLE = new ArrayList<>();
  private static Path dir;

  @BeforeAll
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("hostile-targets");
    // Loads the loader's classes, so the allocation measured below is the refusal's own.
    Path small = dir.resolve("warm-up.yaml");
    write(small, "targets: []\n");
    catchThrowable(() -> TargetsLoader.load(small));
    Files.delete(small);
  }

  @AfterAll
  static void printTableAndClean() throws IOException {
    System.out.println("input | where | message");
    System.out.println("--- | --- | ---");
    TABLE.forEach(System.out::println);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  /** A hostile file: how it is written, and the problems it must produce ({file} its path). */
  record Hostile(String name, String description, Writer writer, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Writer {
    void write(Path file) throws IOException;
  }

  static Stream<Arguments> hostileFiles() {
    return Stream.of(
            new Hostile(
                "50mb.yaml",
                "a 50 MB targets file",
                file -> {
                  try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.write("targets: []\n".getBytes(StandardCharsets.UTF_8));
                    f.setLength(FIFTY_MB);
                  }
                },
                List.of(
                    "{file}: the file is 52428800 bytes, larger than the 5 MiB limit (5242880"
                        + " bytes); nothing of it was read")),
            new Hostile(
                "billion-laughs-merge.yaml",
                "billion laughs: 9 levels of 10 merge-key aliases under headers",
                HostileTargetsFilesTest::billionLaughsThroughMerges,
                List.of(
                    "{file}: the file expands through YAML aliases to more than 1000000 values (a"
                        + " guard against alias bombs); write it with fewer aliases")),
            new Hostile(
                "billion-laughs-lists.yaml",
                "billion laughs: 9 levels of 10 list aliases as probeFrom",
                HostileTargetsFilesTest::billionLaughsThroughLists,
                List.of(
                    "{file}:6:21: targets[0].paths.cdn.probeFrom[0]: expected a string, got a"
                        + " list")),
            new Hostile(
                "many-aliases.yaml",
                "5000 aliases to one target",
                file ->
                    write(
                        file,
                        "targets:\n  - &t {name: a, paths: {cdn: {url: \"https://a.example/\"}}}\n"
                            + "  - *t\n".repeat(5000)),
                List.of(
                    "{file}: the file uses more than 1000 YAML aliases to lists or mappings (a"
                        + " guard against alias bombs); write some values out")),
            new Hostile(
                "deep-flow.yaml",
                "10,000 nested flow lists",
                file -> write(file, "targets: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"),
                List.of("{file}: the YAML nests deeper than 50 levels")),
            new Hostile(
                "deep-block.yaml",
                "1,000 nested block mappings",
                file ->
                    write(
                        file,
                        "targets:\n"
                            + IntStream.range(0, 1000)
                                .mapToObj(i -> "  ".repeat(i + 1) + "k" + i + ":\n")
                                .collect(Collectors.joining())),
                List.of("{file}: the YAML nests deeper than 50 levels")),
            new Hostile(
                "nul.yaml",
                "a NUL byte inside a name",
                file ->
                    write(
                        file,
                        "targets:\n  - name: \"sh\u0000op\"\n    paths: {cdn: {url: \"http://a/\"}}\n"),
                List.of(
                    "{file}:2:14: not valid YAML: the character U+0000 is not allowed (YAML"
                        + " forbids control characters); remove it")),
            new Hostile(
                "escape.yaml",
                "a terminal escape sequence pasted into a URL",
                file ->
                    write(
                        file,
                        "targets:\n  - name: shop\n    paths:\n      cdn: {url: \"http://a/\u001b[31m\"}\n"),
                List.of(
                    "{file}:4:28: not valid YAML: the character U+001B is not allowed (YAML"
                        + " forbids control characters); remove it")),
            new Hostile(
                "long-name.yaml",
                "a 3,000,000-character name",
                file ->
                    write(
                        file,
                        "targets:\n  - name: "
                            + "a".repeat(3_000_000)
                            + "\n    paths: {cdn: {url: \"http://a/\"}}\n"),
                List.of(
                    "{file}:2:11: targets[0].name: the name is 3000000 characters long; a name has"
                        + " at most 100")),
            new Hostile(
                "long-key.yaml",
                "a 3,000-character key",
                file -> write(file, "targets:\n  - " + "k".repeat(3000) + ": 1\n"),
                List.of(
                    "{file}:2:3005: not valid YAML: a key longer than 1024 characters ends here;"
                        + " YAML takes no longer plain key (is this meant as a key?)")),
            new Hostile(
                "binary.yaml",
                "binary data (a gzip header)",
                file ->
                    Files.write(
                        file, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00}),
                List.of(
                    "{file}:1:2: the file is not UTF-8 text (byte 0x8B here); save it as UTF-8")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void eachHostileFileIsRefusedWithItsExactProblemsQuickly(Hostile hostile) throws IOException {
    Path file = dir.resolve(hostile.name());
    hostile.writer().write(file);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();

    Throwable thrown = catchThrowable(() -> TargetsLoader.load(file));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertThat(thrown).isInstanceOf(ConfigException.class);
    List<String> expected =
        hostile.problems().stream().map(p -> p.replace("{file}", file.toString())).toList();
    assertThat(((ConfigException) thrown).problems())
        .extracting(ConfigProblem::toString)
        .containsExactlyElementsOf(expected);
    assertThat(took)
        .as("refused in well under the time a round takes")
        .isLessThan(Duration.ofSeconds(10));
    if (Files.size(file) > TargetsLoader.MAX_FILE_BYTES) {
      // Reading up to the limit to find out would allocate the limit's 5 MiB at least.
      assertThat(allocated)
          .as("a file over the limit is refused by its size, not read into memory")
          .isLessThan(TargetsLoader.MAX_FILE_BYTES / 2);
    }
    ConfigProblem first = ((ConfigException) thrown).problems().get(0);
    TABLE.add(
        hostile.description()
            + " | "
            + (first.line() > 0 ? "line " + first.line() + ":" + first.column() : "whole file")
            + (first.field().isEmpty() ? "" : ", " + first.field())
            + " | "
            + first.message().replace("|", "\\|"));
  }

  /** Headers merged from a mapping that merges ten copies of the one below, nine times. */
  private static void billionLaughsThroughMerges(Path file) throws IOException {
    StringBuilder yaml = new StringBuilder("laughs:\n  - &h0 {X-Lol: lol}\n");
    for (int level = 1; level < 10; level++) {
      String previous = "*h" + (level - 1);
      yaml.append("  - &h")
          .append(level)
          .append(" {<<: [")
          .append(String.join(", ", java.util.Collections.nCopies(10, previous)))
          .append("]}\n");
    }
    yaml.append("targets:\n  - name: shop\n    request:\n      headers: {<<: *h9}\n")
        .append("    paths: {cdn: {url: \"http://a/\"}}\n");
    write(file, yaml.toString());
  }

  /** The classic: lists of ten aliases to the list below, nine levels, as a path's regions. */
  private static void billionLaughsThroughLists(Path file) throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            "targets:\n  - name: shop\n    paths:\n      cdn:\n        url: \"http://a/\"\n");
    yaml.append("        probeFrom: [");
    StringBuilder laughs = new StringBuilder("&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    for (int level = 1; level < 10; level++) {
      laughs =
          new StringBuilder("&l" + level + " [")
              .append(laughs)
              .append(", ")
              .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1))))
              .append("]");
    }
    yaml.append(laughs).append("]\n");
    write(file, yaml.toString());
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
