package dev.probefleet.probe.internal;

import dev.probefleet.probe.PrimingReport;
import dev.probefleet.probe.ProbeNotStartedException;
import dev.probefleet.probe.ProbeTask;
import dev.probefleet.probe.RoundOutcome;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.xbill.DNS.NioClient;

/**
 * {@link dev.probefleet.probe.ProbeClient#prime()}: the client's own request path run against a
 * {@link PrimingServer}, first plain, then resolving a host name through {@link PrimingDns}, then
 * TLS. The steps and why each is there are documented on {@code prime()}; the amounts here are what
 * the fresh-process benchmark needed (README "Benchmarks").
 */
public final class Priming {
  /**
   * Concurrent plain rounds, and tasks in each: 512 requests. Measured in fresh JVMs on 2 cores
   * (median of the first round's p99 error over six processes, all rows under the same load): 97 ms
   * un-primed, 64 ms after one request of each shape, 38 ms after 2 × 64, 22 ms after 8 × 64; in a
   * quiet run 8, 24 and 48 rounds gave 4.6, 4.2 and 6.0 ms, so more rounds only cost time.
   */
  static final int ROUNDS = 8;

  static final int TASKS_PER_ROUND = 64;

  /**
   * Concurrent TLS rounds, and tasks in each: 256 handshakes. The sequential handshakes before them
   * load and initialise JSSE (some 1,200 classes and the system trust store, about 1 s of CPU that
   * the first HTTPS round would otherwise spend); these run the handshake path often enough for the
   * JIT to compile it (C1 compiles a method after some 200 calls, and most of a handshake's methods
   * run once per handshake). Measured with fresh `diagnose` processes of 3,000 HTTPS probes on 2
   * cores: after one round of 16, the round's first second ran interpreted and its tls p99 was
   * 15–32 ms; after four rounds of 64, 6–13 ms (README, "HTTPS at fleet load").
   */
  static final int TLS_ROUNDS = 4;

  static final int TLS_TASKS_PER_ROUND = 64;

  /**
   * Rounds of probes that resolve their host first, and tasks in each, when the client resolves
   * through dnsjava (its default): the first resolution of a fresh JVM loads some 260–350 classes
   * and took 140–160 ms, and every probe naming a host resolves it before it connects.
   */
  static final int DNS_ROUNDS = 2;

  static final int DNS_TASKS_PER_ROUND = 32;

  /**
   * Priming ends by then whatever happens, unless given less (requests not started by then are
   * counted as unexpected, steps not begun are skipped): it normally takes 1–1.5 s on a whole CPU,
   * and must stay well inside Lambda's 10-s init phase.
   */
  public static final Duration MAX_BUDGET = Duration.ofSeconds(8);

  /** The request ids of priming requests: fixed, so that no random generator is drawn from. */
  private static final long ID_HIGH = 0x7072_696d_696e_6700L;

  private Priming() {}

  /** Runs one round of the client under its connection bound, with these request ids. */
  @FunctionalInterface
  public interface Rounds {
    RoundOutcome run(List<ProbeTask> tasks, Instant deadline, RequestIds ids);
  }

  /**
   * Primes the client with these settings, whose single-task path is {@code prober} and whose
   * rounds {@code rounds} runs.
   */
  public static PrimingReport run(
      Settings settings, PathProber prober, Rounds rounds, Duration budget) {
    long started = System.nanoTime();
    Tally tally = new Tally();
    RequestIds ids = RequestIds.fixed(ID_HIGH, 0);
    Duration within = budget.compareTo(MAX_BUDGET) < 0 ? budget : MAX_BUDGET;
    Instant deadline = settings.clock().instant().plus(within);
    Duration stepCost = Duration.ZERO;
    try (PrimingServer plain = PrimingServer.start(null)) {
      exercise(plain.port(), false, ROUNDS, TASKS_PER_ROUND, prober, rounds, ids, deadline, tally);
      // The plain step tells how fast this CPU is: the TLS step costs about as much again (JSSE,
      // the trust store, the handshakes), so it is begun only with twice that left.
      stepCost = Duration.ofNanos(System.nanoTime() - started).multipliedBy(2);
      if (tooLate(settings, deadline, stepCost)) {
        return tally.report(started, outOfTime(within, stepCost, "the DNS and TLS steps"));
      }
      if (settings.resolver() instanceof DnsjavaResolver) {
        boolean selectorWasRunning = dnsjavaSelectorRunning();
        try (PrimingDns dns = PrimingDns.start()) {
          PathProber resolving =
              new PathProber(settings.withResolver(DnsjavaResolver.of(List.of(dns.address()))));
          resolveAndProbe(plain.port(), resolving, ids, deadline, tally);
        } finally {
          if (!selectorWasRunning) {
            // dnsjava's one selector thread (and its open selector) started for priming's
            // queries; closed again so that priming leaves no thread of its own. The first real
            // query reopens it, which costs a thread start, not the class loading done here.
            NioClient.close();
          }
        }
      }
    } catch (IOException e) {
      return tally.report(started, "no plain loopback server for priming: " + e.getMessage());
    }
    if (tooLate(settings, deadline, stepCost)) {
      return tally.report(started, outOfTime(within, stepCost, "the TLS step"));
    }
    SSLContext tls;
    try {
      tls = PrimingCertificate.serverContext();
    } catch (GeneralSecurityException e) {
      return tally.report(started, "no TLS identity for priming: " + e.getMessage());
    }
    try (PrimingServer secure = PrimingServer.start(tls)) {
      exercise(
          secure.port(),
          true,
          TLS_ROUNDS,
          TLS_TASKS_PER_ROUND,
          prober,
          rounds,
          ids,
          deadline,
          tally);
    } catch (IOException e) {
      return tally.report(started, "no TLS loopback server for priming: " + e.getMessage());
    }
    return tally.report(started, null);
  }

  private static boolean tooLate(Settings settings, Instant deadline, Duration needed) {
    return Duration.between(settings.clock().instant(), deadline).compareTo(needed) < 0;
  }

  private static String outOfTime(Duration budget, Duration needed, String skipped) {
    return "stopped within its time budget of "
        + budget.toMillis()
        + " ms, before "
        + skipped
        + " (less than the "
        + needed.toMillis()
        + " ms they would take here was left)";
  }

  /**
   * The DNS step: probes that name a host, resolved through dnsjava against {@link PrimingDns}, one
   * at a time and then {@link #DNS_ROUNDS} rounds of {@link #DNS_TASKS_PER_ROUND} at once on
   * virtual threads, as a round's probes resolve their hosts.
   */
  private static void resolveAndProbe(
      int port, PathProber resolving, RequestIds ids, Instant deadline, Tally tally) {
    for (ProbeTask task : PrimingTasks.throughDns(port, 2, "first")) {
      probe(resolving, task, deadline, ids, tally);
    }
    for (int r = 0; r < DNS_ROUNDS; r++) {
      try (ExecutorService threads =
          Executors.newThreadPerTaskExecutor(
              Thread.ofVirtual().name("probefleet-priming-dns-probe-", 0).factory())) {
        for (ProbeTask task : PrimingTasks.throughDns(port, DNS_TASKS_PER_ROUND, "r" + r)) {
          threads.execute(() -> probe(resolving, task, deadline, ids, tally));
        }
      }
    }
  }

  /**
   * Whether dnsjava's shared selector thread runs (known by its name, {@code dnsjava NIO
   * selector}); if it does, some other resolution in this process uses it and it stays open.
   */
  private static boolean dnsjavaSelectorRunning() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("dnsjava NIO selector"));
  }

  /** One task on the calling thread, counted; a task that could not start counts as unexpected. */
  private static void probe(
      PathProber prober, ProbeTask task, Instant deadline, RequestIds ids, Tally tally) {
    try {
      PathProber.Result result = prober.probe(task, deadline, ids);
      tally.add(
          result.observation().samples().size(),
          PrimingTasks.unexpected(task, result.observation()));
    } catch (ProbeNotStartedException e) {
      tally.add(0, task.burst().requests());
    }
  }

  private static void exercise(
      int port,
      boolean tls,
      int roundCount,
      int tasksPerRound,
      PathProber prober,
      Rounds rounds,
      RequestIds ids,
      Instant deadline,
      Tally tally) {
    for (ProbeTask task : PrimingTasks.everyShape(port, tls)) {
      probe(prober, task, deadline, ids, tally);
    }
    for (int r = 0; r < roundCount; r++) {
      RoundOutcome outcome =
          rounds.run(PrimingTasks.concurrent(port, tls, tasksPerRound, r), deadline, ids);
      for (RoundOutcome.Entry entry : outcome.entries()) {
        tally.add(
            1,
            entry instanceof RoundOutcome.Observed observed
                ? PrimingTasks.unexpected(entry.task(), observed.observation())
                : 1);
      }
    }
  }

  /** Counts from the calling thread and from the DNS step's virtual threads. */
  private static final class Tally {
    private int requests;
    private int unexpected;

    synchronized void add(int sent, int notAsPlanned) {
      requests += sent;
      unexpected += notAsPlanned;
    }

    synchronized PrimingReport report(long started, String problem) {
      return new PrimingReport(
          Duration.ofNanos(System.nanoTime() - started),
          requests,
          unexpected,
          Optional.ofNullable(problem));
    }
  }
}
