package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines no one should type, run in process as {@code bin/probefleet} runs them: bad flag
 * values, unknown flags, unusable paths, and hostile targets files (generated into a temporary
 * directory: a 50 MB file, an alias bomb). Each exits 2 (1 for an incident that is not there, as
 * DESIGN says) with its exact message on stderr, nothing on stdout, and no stack trace; a command
 * that would have written to a local store never created it, so nothing of the rejected input was
 * stored. Prints the table {@code input → where → message} for the README.
 */
class MalformedCommandLinesTest {
  private static final List<String> TABLE = new ArrayList<>();
  private static Path dir;
  private static Path good;

  @BeforeAll
  static void writeFiles() throws IOException {
    dir = Files.createTempDirectory("malformed-command-lines");
    good = dir.resolve("good.yaml");
    Files.writeString(
        good, "targets:\n  - name: shop\n    paths:\n      cdn: {url: \"http://127.0.0.1:9/\"}\n");
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("50mb.yaml").toFile(), "rw")) {
      f.write("targets: []\n".getBytes(StandardCharsets.UTF_8));
      f.setLength(50L * 1024 * 1024);
    }
    StringBuilder bomb = new StringBuilder("laughs:\n  - &h0 {X-Lol: lol}\n");
    for (int level = 1; level < 10; level++) {
      bomb.append("  - &h")
          .append(level)
          .append(" {<<: [")
          .append(String.join(", ", Collections.nCopies(10, "*h" + (level - 1))))
          .append("]}\n");
    }
    bomb.append("targets:\n  - name: shop\n    request: {headers: {<<: *h9}}\n")
        .append("    paths: {cdn: {url: \"http://a/\"}}\n");
    Files.writeString(dir.resolve("bomb.yaml"), bomb);
    Files.writeString(
        dir.resolve("ftp.yaml"),
        "targets:\n  - name: shop\n    paths:\n      cdn: {url: \"ftp://shop.example/\"}\n");
    Files.writeString(
        dir.resolve("duplicate.yaml"),
        "targets:\n  - name: shop\n    paths: {cdn: {url: \"http://a/\"}}\n"
            + "  - name: shop\n    paths: {lb: {url: \"http://b/\"}}\n");
    Files.writeString(
        dir.resolve("types.yaml"),
        "targets:\n  - name: shop\n    burst: {requests: many}\n    paths: {cdn: {url: 42}}\n");
    Files.writeString(dir.resolve("not-json.json"), "not json");
    Files.writeString(dir.resolve("a-file"), "x");
  }

  @AfterAll
  static void printTableAndClean() throws IOException {
    System.out.println("input | where | message");
    System.out.println("--- | --- | ---");
    TABLE.forEach(System.out::println);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  static Stream<Arguments> malformedCommandLines() {
    return Stream.of(
        row(
            "run with a 50 MB targets file",
            "--config (file)",
            2,
            "  {dir}/50mb.yaml: the file is 52428800 bytes, larger than the 5 MiB limit (5242880"
                + " bytes); nothing of it was read",
            "run",
            "--config",
            "{dir}/50mb.yaml",
            "--data",
            "{dir}/store-1"),
        row(
            "run with a billion-laughs targets file",
            "--config (file)",
            2,
            "  {dir}/bomb.yaml: the file expands through YAML aliases to more than 1000000 values"
                + " (a guard against alias bombs); write it with fewer aliases",
            "run",
            "--config",
            "{dir}/bomb.yaml",
            "--data",
            "{dir}/store-2"),
        row(
            "targets apply with an ftp:// URL",
            "file:line:column, field",
            2,
            "{dir}/ftp.yaml:4:18: targets[0].paths.cdn.url: 'ftp://shop.example/' must be an"
                + " http or https URL, not ftp",
            "targets",
            "apply",
            "{dir}/ftp.yaml",
            "--data",
            "{dir}/store-3"),
        row(
            "targets apply with a duplicate name",
            "file:line:column, field",
            2,
            "{dir}/duplicate.yaml:4:11: targets[1].name: 'shop' is already used by targets[0]"
                + " (line 2)",
            "targets",
            "apply",
            "{dir}/duplicate.yaml",
            "--data",
            "{dir}/store-4"),
        row(
            "targets validate with wrong types",
            "file:line:column, field",
            2,
            "{dir}/types.yaml:3:23: targets[0].burst.requests: expected a number of requests, got"
                + " the string 'many'",
            "targets",
            "validate",
            "{dir}/types.yaml"),
        row(
            "run with a targets file that does not exist",
            "--config (file)",
            2,
            "  {dir}/missing.yaml: cannot read the file: no such file",
            "run",
            "--config",
            "{dir}/missing.yaml",
            "--data",
            "{dir}/store-5"),
        row(
            "--interval abc",
            "--interval",
            2,
            "Invalid value for option '--interval': 'abc' is not a duration; write a whole number"
                + " and a unit: 500ms, 10s, 2m or 1h",
            "run",
            "--config",
            "{good}",
            "--interval",
            "abc",
            "--store",
            "memory"),
        row(
            "--interval 0s",
            "--interval",
            2,
            "Invalid value for option '--interval': '0s' must be more than zero",
            "run",
            "--config",
            "{good}",
            "--interval",
            "0s",
            "--store",
            "memory"),
        row(
            "--rounds -1",
            "--rounds",
            2,
            "run: --rounds must not be negative, got -1",
            "run",
            "--config",
            "{good}",
            "--rounds",
            "-1",
            "--store",
            "memory"),
        row(
            "--rounds past an int",
            "--rounds",
            2,
            "Invalid value for option '--rounds': '99999999999999' is not an int",
            "run",
            "--config",
            "{good}",
            "--rounds",
            "99999999999999",
            "--store",
            "memory"),
        row(
            "--store weird",
            "--store",
            2,
            "run: --store: 'weird' is not one of local, memory, aws, endpoint=URL",
            "run",
            "--config",
            "{good}",
            "--store",
            "weird"),
        row(
            "--http with port 99999",
            "--http",
            2,
            "run: --http: '127.0.0.1:99999': the port must be 0 to 65535",
            "run",
            "--config",
            "{good}",
            "--http",
            "127.0.0.1:99999",
            "--store",
            "memory"),
        row(
            "--region 'EU WEST'",
            "--region",
            2,
            "run: --region EU WEST: 'EU WEST' is not a region name",
            "run",
            "--config",
            "{good}",
            "--region",
            "EU WEST",
            "--store",
            "memory",
            "--rounds",
            "1",
            "--http",
            "off"),
        row(
            "--data under a regular file",
            "--data",
            2,
            "run: --data {dir}/a-file/store: cannot create the directory (Not a directory)",
            "run",
            "--config",
            "{good}",
            "--data",
            "{dir}/a-file/store",
            "--rounds",
            "1"),
        row(
            "--resolver without an address",
            "--resolver",
            2,
            "run: --resolver nohost: 'nohost': give the DNS server as an IP address, e.g."
                + " 10.0.0.2:53",
            "run",
            "--config",
            "{good}",
            "--resolver",
            "nohost",
            "--store",
            "memory",
            "--rounds",
            "1",
            "--http",
            "off"),
        row(
            "an unknown flag",
            "the flag",
            2,
            "Unknown option: '--bogus'",
            "run",
            "--config",
            "{good}",
            "--bogus"),
        row(
            "an unknown command",
            "the command",
            2,
            "probefleet: unknown command 'nosuch' (commands: diagnose, explain, incident,"
                + " incidents, lab, run, targets)",
            "nosuch",
            "--help"),
        row(
            "incidents --since yesterday",
            "--since",
            2,
            "incidents: --since: 'yesterday' is neither an ISO-8601 instant such as"
                + " 2026-11-24T09:00:00Z nor a time ago such as 30m, 24h or 7d",
            "incidents",
            "--store",
            "memory",
            "--since",
            "yesterday"),
        row(
            "incidents --limit 0",
            "--limit",
            2,
            "incidents: --limit: must be between 1 and 1000, got 0",
            "incidents",
            "--store",
            "memory",
            "--limit",
            "0"),
        row(
            "incident with a 3,000-character id",
            "ID",
            1,
            "incident: no incident has the id '"
                + "a".repeat(60)
                + "… (3000 characters)' (ids are 26-character ULIDs, as probefleet incidents lists"
                + " them)",
            "incident",
            "--store",
            "memory",
            "a".repeat(3000)),
        row(
            "explain a response that is not JSON",
            "--response (file)",
            2,
            "explain: {dir}/not-json.json: is not JSON: Unrecognized token 'not': was expecting"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at"
                + " line 1, column 4",
            "explain",
            "--response",
            "{dir}/not-json.json"));
  }

  private static Arguments row(
      String description, String where, int status, String message, String... args) {
    return Arguments.of(description, where, status, message, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCommandLines")
  void eachBadCommandLineExitsWithItsMessageAndNoStackTrace(
      String description, String where, int status, String message, String[] args) {
    String[] resolved =
        Stream.of(args)
            .map(a -> a.replace("{dir}", dir.toString()).replace("{good}", good.toString()))
            .toArray(String[]::new);
    String expected = message.replace("{dir}", dir.toString());

    CommandRun run = CommandRun.of(resolved);

    assertThat(run.status()).as(run.err()).isEqualTo(status);
    assertThat(run.out()).as("stdout").isEmpty();
    assertThat(run.err().lines()).as(run.err()).contains(expected);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    for (int i = 0; i + 1 < resolved.length; i++) {
      if (resolved[i].equals("--data") && !resolved[i + 1].contains("a-file")) {
        assertThat(Path.of(resolved[i + 1]))
            .as("the local store of a rejected command line was never created")
            .doesNotExist();
      }
    }
    TABLE.add(
        description
            + " | "
            + where
            + " | "
            + expected.strip().replace(dir.toString(), "DIR").replace("|", "\\|"));
  }
}
