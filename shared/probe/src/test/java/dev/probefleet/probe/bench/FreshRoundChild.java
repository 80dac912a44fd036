package dev.probefleet.probe.bench;

import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.probe.PrimingReport;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probe.ProbeTask;
import dev.probefleet.probe.RoundOutcome;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The probe client's side of the fresh-process ttfb case, in a JVM of its own: builds a client,
 * primes it or not, and runs the fresh process's first round — {@link #DELAYS_MS} × {@link #EACH}
 * tasks at once through {@link ProbeClient#round}, on virtual threads, as the probe function's
 * round does — against the Go server, then prints one {@code RESULT} line.
 *
 * <p>Arguments: {@code <server port> none|prime [rounds=N] [threads=virtual|platform] [tls=true]}.
 * With {@code rounds=N} it runs N rounds in the same JVM (the second and later are warm ones, for
 * comparison); {@code threads=platform} runs each task through {@link ProbeClient#probe} on a
 * platform thread of its own instead (to tell the virtual-thread scheduler's share); {@code
 * tls=true} probes over HTTPS without verification (against {@code ttfbserver -tls}).
 *
 * <p>Result keys: {@code prime_ms}, {@code prime_requests}, {@code prime_unexpected} (when primed);
 * for each round {@code r<N>_ttfb} ({@code <delay ms>:<ttfb ns>} per task, in task order, {@code -}
 * for the ttfb of a probe that measured none), {@code r<N>_failures}, {@code r<N>_wall_ms}, {@code
 * r<N>_cpu_ms} (the whole process), {@code r<N>_classes} (classes loaded during the round), {@code
 * r<N>_jit_ms} (JIT compile time during the round).
 */
public final class FreshRoundChild {
  /** The first-byte delays the server injects, in task order (task i waits {@code i % 3}). */
  static final List<Integer> DELAYS_MS = List.of(20, 100, 300);

  /** Tasks per delay. */
  static final int EACH = 30;

  private FreshRoundChild() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean prime = args[1].equals("prime");
    int rounds = 1;
    boolean platform = false;
    boolean tls = false;
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      switch (kv[0]) {
        case "rounds" -> rounds = Integer.parseInt(kv[1]);
        case "threads" -> platform = kv[1].equals("platform");
        case "tls" -> tls = Boolean.parseBoolean(kv[1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    Map<String, Object> result = new LinkedHashMap<>();

    ProbeClient client = ProbeClient.builder().build();
    if (prime) {
      PrimingReport priming = client.prime();
      result.put("prime_ms", Math.round(priming.took().toNanos() / 1e6));
      result.put("prime_requests", priming.requests());
      result.put("prime_unexpected", priming.unexpected());
      if (priming.problem().isPresent()) {
        result.put("prime_problem", priming.problem().get().replace(' ', '_'));
      }
    }
    for (int r = 0; r < rounds; r++) {
      List<ProbeTask> tasks = tasks(port, r, tls);
      long loaded = classes.getTotalLoadedClassCount();
      long compiled = jit.getTotalCompilationTime();
      long cpu = ProcessStats.cpuNanos(ProcessStats.self());
      long started = System.nanoTime();
      List<ProbeResult> results =
          platform ? onPlatformThreads(client, tasks) : round(client, tasks);
      long wall = System.nanoTime() - started;
      cpu = ProcessStats.cpuNanos(ProcessStats.self()) - cpu;
      compiled = jit.getTotalCompilationTime() - compiled;
      loaded = classes.getTotalLoadedClassCount() - loaded;

      List<String> ttfbs = new ArrayList<>();
      Map<String, Integer> failures = new LinkedHashMap<>();
      for (int i = 0; i < tasks.size(); i++) {
        ProbeResult sample = results.get(i);
        int delay = DELAYS_MS.get(i % DELAYS_MS.size());
        boolean measured =
            sample != null
                && sample.timings().ttfb() != null
                && sample.failureClass().name().equals("OK");
        ttfbs.add(delay + ":" + (measured ? sample.timings().ttfb() : "-"));
        if (!measured) {
          failures.merge(
              sample == null ? "NOT_OBSERVED" : sample.failureClass().name(), 1, Integer::sum);
        }
      }
      result.put("r" + r + "_ttfb", String.join(",", ttfbs));
      result.put("r" + r + "_failures", ChildJvm.describe(failures));
      result.put("r" + r + "_wall_ms", Math.round(wall / 1e6));
      result.put("r" + r + "_cpu_ms", Math.round(cpu / 1e6));
      result.put("r" + r + "_classes", loaded);
      result.put("r" + r + "_jit_ms", compiled);
    }
    System.out.println(ChildJvm.resultLine(result));
  }

  /** Round {@code r}'s tasks: task i asks for {@code /delay/<DELAYS_MS[i % 3]>/<r>-<i>}. */
  static List<ProbeTask> tasks(int port, int round, boolean tls) {
    List<ProbeTask> tasks = new ArrayList<>();
    for (int i = 0; i < DELAYS_MS.size() * EACH; i++) {
      URI url =
          URI.create(
              (tls ? "https" : "http")
                  + "://127.0.0.1:"
                  + port
                  + "/delay/"
                  + DELAYS_MS.get(i % DELAYS_MS.size())
                  + "/"
                  + round
                  + "-"
                  + i);
      PathSpec path =
          new PathSpec(
              PathKind.ORIGIN,
              0,
              url,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              tls,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              Map.of(),
              List.of());
      tasks.add(ProbeTask.of("fresh-" + i, path));
    }
    return tasks;
  }

  private static List<ProbeResult> round(ProbeClient client, List<ProbeTask> tasks) {
    RoundOutcome outcome = client.round(tasks, Instant.now().plusSeconds(30));
    List<ProbeResult> results = new ArrayList<>();
    for (RoundOutcome.Entry entry : outcome.entries()) {
      results.add(
          entry instanceof RoundOutcome.Observed observed
              ? observed.observation().samples().get(0)
              : null);
    }
    return results;
  }

  private static List<ProbeResult> onPlatformThreads(ProbeClient client, List<ProbeTask> tasks)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    List<ProbeResult> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(tasks.size())) {
      List<Future<ProbeResult>> futures = new ArrayList<>();
      for (ProbeTask task : tasks) {
        futures.add(threads.submit(() -> client.probe(task, deadline).samples().get(0)));
      }
      for (Future<ProbeResult> future : futures) {
        results.add(future.get());
      }
    }
    return results;
  }
}
