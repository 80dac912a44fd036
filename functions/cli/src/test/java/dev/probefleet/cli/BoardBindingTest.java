package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.cli.board.BoardAddress;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.config.TargetsLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code probefleet run}'s web board, query API and /metrics actually listen, read from the
 * kernel's socket table ({@code /proc/net/tcp} and {@code tcp6}, the listening sockets whose inodes
 * this process holds): on loopback when {@code --http} is not given, on every interface only when
 * {@code --http 0.0.0.0:PORT} says so — and then the run warns that they are exposed. The board has
 * no authentication, so this is what keeps it private.
 */
class BoardBindingTest {
  private static final Pattern BOARD_URL = Pattern.compile("web board at http://([^/]+):(\\d+)/");

  @TempDir Path dir;

  @Test
  void withoutHttpTheBoardListensOnLoopbackOnly() throws Exception {
    RunOptions options = options(null);
    FleetRun run = new FleetRun(options);
    // The default address is 127.0.0.1:8080; on a shared machine 8080 may be taken (then the run
    // goes on without a board), so only the port is made a free one: the host stays the default.
    run.set("micronaut.server.port", 0);

    Bound bound = runUntilServing(run);

    assertThat(bound.err()).contains("web board at http://127.0.0.1:" + bound.port() + "/");
    assertThat(bound.err()).doesNotContain("WARNING");
    assertThat(bound.sockets())
        .as("the listening sockets of port %d", bound.port())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.isLoopbackAddress()).as(a.toString()).isTrue());
  }

  @Test
  void everyInterfaceOnlyWhenGivenAndThenAWarningSaysTheBoardIsExposed() throws Exception {
    Bound bound = runUntilServing(new FleetRun(options("0.0.0.0:0")));

    assertThat(bound.sockets())
        .as("the listening sockets of port %d", bound.port())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.isAnyLocalAddress()).as(a.toString()).isTrue());
    assertThat(bound.err())
        .contains(
            "web board at http://0.0.0.0:"
                + bound.port()
                + "/ (query API under /v1, Prometheus metrics at /metrics) — WARNING: exposed:"
                + " listening on 0.0.0.0, not loopback, and the board, the query API and /metrics"
                + " have no authentication");
  }

  @Test
  void theDefaultAddressIsLoopbackAndOnlyAnExplicitOneIsNot() {
    BoardAddress unset = new RunOptions().board().orElseThrow();
    assertThat(unset).isEqualTo(new BoardAddress("127.0.0.1", 8080, false));
    assertThat(unset.loopback()).isTrue();
    assertThat(options("0.0.0.0:9").board().orElseThrow().chosen()).isTrue();
    assertThat(options("0.0.0.0:9").board().orElseThrow().loopback()).isFalse();
    assertThat(options("[::]:9").board().orElseThrow().loopback()).isFalse();
  }

  // --- helpers -----------------------------------------------------------------------------------

  private RunOptions options(String http) {
    RunOptions options = new RunOptions();
    options.interval = Duration.ofSeconds(2);
    options.store = "memory";
    options.data = dir.resolve("data");
    options.region = "local";
    options.rounds = 30;
    options.output = RunOptions.Output.json;
    options.noTty = true;
    options.http = http;
    return options;
  }

  /** What the run said, its board's port, and the addresses of that port's listening sockets. */
  private record Bound(String err, int port, List<InetAddress> sockets) {}

  /** Starts the run, waits for its board, reads the socket table, stops the run. */
  private Bound runUntilServing(FleetRun run) throws Exception {
    TargetsConfig targets = TargetsLoader.load(RunCommandTest.refusedTarget(dir));
    StringWriter err = new StringWriter();
    Thread fleet =
        new Thread(
            () ->
                run.run(
                    targets,
                    "targets.yaml",
                    new PrintWriter(new StringWriter(), true),
                    new PrintWriter(err, true),
                    List.of()),
            "board-binding-fleet");
    fleet.setDaemon(true);
    fleet.start();
    try {
      Instant until = Instant.now().plusSeconds(30);
      Matcher m = BOARD_URL.matcher("");
      while (Instant.now().isBefore(until)) {
        m = BOARD_URL.matcher(err.toString());
        if (m.find() || !fleet.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(m.find(0)).as("the board's address on stderr:\n%s", err).isTrue();
      int port = Integer.parseInt(m.group(2));
      return new Bound(err.toString(), port, listening(port));
    } finally {
      run.stop();
      fleet.join(15_000);
    }
  }

  /**
   * The local addresses of the listening TCP sockets on {@code port} that this process holds: the
   * socket inodes among {@code /proc/self/fd}'s links, looked up in {@code /proc/net/tcp} and
   * {@code tcp6} (hex address and port, state {@code 0A} = LISTEN).
   */
  static List<InetAddress> listening(int port) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring(8, link.length() - 1));
          }
        } catch (IOException gone) {
          // closed between the listing and the read
        }
      }
    }
    List<InetAddress> out = new ArrayList<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        String[] local = f[1].split(":");
        if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port && inodes.contains(f[9])) {
          out.add(address(local[0]));
        }
      }
    }
    return out;
  }

  /** The kernel writes each 32-bit word of the address in host (little-endian) byte order. */
  private static InetAddress address(String hex) throws IOException {
    byte[] raw = HexFormat.of().parseHex(hex);
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 2; i++) {
        byte b = raw[word + i];
        raw[word + i] = raw[word + 3 - i];
        raw[word + 3 - i] = b;
      }
    }
    return InetAddress.getByAddress(raw);
  }
}
