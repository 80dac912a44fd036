package dev.probefleet.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link ProbeClient#prime()}: it leaves nothing behind, and the rounds after it are right. */
class PrimingIT {

  @Test
  void primingRunsEveryRequestAsPlannedAndLeavesNoSocketOrThreadOfItsOwn() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc to count sockets");
    ProbeClient client = ProbeClient.builder().maxOpenConnections(64).build();
    Set<Long> tcpBefore = openTcpSockets();
    Set<String> threadsBefore = platformThreads();

    PrimingReport report = client.prime();

    assertThat(report.problem()).as(report.toString()).isEmpty();
    assertThat(report.unexpected()).as(report.toString()).isZero();
    assertThat(report.requests()).isGreaterThan(100);
    assertThat(report.complete()).isTrue();
    assertThat(openTcpSockets()).isEqualTo(tcpBefore);
    // What may stay is what any round starts and keeps: the JDK's virtual-thread scheduler and
    // pollers, an idle common-pool worker, and the client's deadline watchdog; all of them daemons.
    // Not dnsjava's selector thread, which priming closes again.
    Set<String> added = platformThreads();
    added.removeAll(threadsBefore);
    assertThat(added)
        .allMatch(
            name ->
                name.matches(
                    "(ForkJoinPool-\\d+-(worker-\\d+|delayScheduler)|ForkJoinPool\\.commonPool-worker-\\d+"
                        + "|MasterPoller|SubPoller-\\d+"
                        + "|Read-Poller|Write-Poller|VirtualThread-unblocker|VirtualThread-unparker"
                        + "|probefleet-probe-watchdog) \\(daemon\\)"),
            "only the JDK's virtual-thread infrastructure and the watchdog, as daemons");
    assertThat(threadDump())
        .doesNotContain("probefleet-priming")
        .doesNotContainPattern("\"name\": \"probefleet-probe-\\d");
    // The connection bound is whole again, and dnsjava restarts what priming closed.
    PrimingReport again = client.prime();
    assertThat(again.complete()).as(again.toString()).isTrue();
  }

  @Test
  void primingKeepsToItsTimeBudgetAndSaysWhatItSkipped() {
    ProbeClient client = ProbeClient.builder().build();

    long started = System.nanoTime();
    PrimingReport report = client.prime(Duration.ofMillis(1));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // A budget that runs out during the first step: the rest are not begun (no TLS context is
    // built, which is most of a full priming's time), and the report says so.
    assertThat(took).isLessThan(Duration.ofMillis(1_500));
    assertThat(report.complete()).isFalse();
    assertThat(report.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p).startsWith("stopped within its time budget of 1 ms, before the DNS"));
    assertThatThrownBy(() -> client.prime(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("budget must not be negative");
  }

  @Test
  void aRoundAfterPrimingMeasuresAndIdentifiesEveryRequest() {
    ProbeClient client = ProbeClient.builder().build();
    PrimingReport report = client.prime();
    assertThat(report.complete()).as(report.toString()).isTrue();
    try (FaultHttpServer server =
        FaultHttpServer.start(Reply.ok().withFirstByteDelay(Duration.ofMillis(50)))) {
      List<ProbeTask> tasks = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        tasks.add(ProbeTask.of("t" + i, PathSpec.of(PathKind.ORIGIN, 0, server.url("/" + i))));
      }
      RoundOutcome outcome = client.round(tasks, Instant.now().plusSeconds(30));

      assertThat(outcome.complete()).isTrue();
      List<ProbeResult> samples =
          outcome.observations().stream().map(o -> o.samples().get(0)).toList();
      assertThat(samples).allMatch(s -> s.failureClass() == FailureClass.OK);
      // ttfb counts from the moment the write returned; the server's 50 ms count from the moment
      // it read the request, which can be up to the write's own duration earlier.
      assertThat(samples)
          .allSatisfy(
              s ->
                  assertThat(s.timings().ttfb())
                      .isBetween(
                          Duration.ofMillis(50).toNanos() - s.timings().requestWrite(),
                          Duration.ofMillis(1050).toNanos()));
      Set<String> ids = samples.stream().map(ProbeResult::requestId).collect(Collectors.toSet());
      assertThat(ids)
          .hasSize(20)
          .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(4));
      Set<String> sent = new HashSet<>();
      server.requests().forEach(r -> sent.add(r.header("X-Request-ID").orElseThrow()));
      assertThat(sent).isEqualTo(ids);
      assertThat(ids).noneMatch(id -> id.startsWith("7072696d"));
    }
  }

  /** The inodes of this process's open TCP sockets (IPv4 and IPv6). */
  private static Set<Long> openTcpSockets() throws IOException {
    Set<Long> tcp = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
          String[] fields = line.trim().split("\\s+");
          tcp.add(Long.parseLong(fields[9]));
        }
      }
    }
    Set<Long> ours = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            long inode = Long.parseLong(link.substring(8, link.length() - 1));
            if (tcp.contains(inode)) {
              ours.add(inode);
            }
          }
        } catch (IOException e) {
          // closed while listing
        }
      }
    }
    return ours;
  }

  private static Set<String> platformThreads() {
    Set<String> names = new HashSet<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      names.add(e.getKey().getName() + (e.getKey().isDaemon() ? " (daemon)" : ""));
    }
    return names;
  }

  /** Every thread, virtual ones included, as the JDK's JSON thread dump lists them. */
  private static String threadDump() throws IOException {
    Path dump = Files.createTempFile("priming-threads", ".json");
    Files.delete(dump);
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      return Files.readString(dump);
    } finally {
      Files.deleteIfExists(dump);
    }
  }
}
