package dev.probefleet.probe.bench;

import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probe.ProbeTask;
import dev.probefleet.probe.RoundOutcome;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * One Java contender of the throughput benchmark, alone in its JVM: builds its client once, runs
 * the 3,000 probes twice — a cold round in the fresh JVM, then a warm one, as a Lambda container's
 * first and later invocations — and prints one {@code RESULT} line with each round's wall and CPU
 * time, its successes and failures, and the process's peak RSS.
 *
 * <p>Arguments: {@code probefleet|httpclient <bound> <server port>}.
 */
public final class ThroughputChild {
  /** Each probe's own deadline, for both clients (the probe client's default). */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private ThroughputChild() {}

  /** What one round of a contender gave: how many probes answered 200, and what the others did. */
  record Tally(int ok, Map<String, Integer> failures) {}

  /** A client under test. */
  interface Contender {
    Tally round(List<Workload.Probe> probes) throws InterruptedException;
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    int bound = Integer.parseInt(args[1]);
    List<Workload.Probe> probes = Workload.probes(Integer.parseInt(args[2]));
    Contender contender =
        switch (name) {
          case "probefleet" -> new Probefleet(bound);
          case "httpclient" -> new SendAsync(bound);
          default -> throw new IllegalArgumentException("unknown contender " + name);
        };
    Map<String, Object> result = new LinkedHashMap<>();
    measure("cold", contender, probes, result);
    measure("warm", contender, probes, result);
    result.put("peak_rss_kib", ProcessStats.peakRssKib(ProcessStats.self()));
    result.put("process_cpu_ns", ProcessStats.cpuNanos(ProcessStats.self()));
    result.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.println(ChildJvm.resultLine(result));
  }

  private static void measure(
      String round, Contender contender, List<Workload.Probe> probes, Map<String, Object> result)
      throws InterruptedException {
    long cpu = ProcessStats.cpuNanos(ProcessStats.self());
    long started = System.nanoTime();
    Tally tally = contender.round(probes);
    long wall = System.nanoTime() - started;
    cpu = ProcessStats.cpuNanos(ProcessStats.self()) - cpu;
    result.put(round + "_wall_ns", wall);
    result.put(round + "_cpu_ns", cpu);
    result.put(round + "_ok", tally.ok());
    result.put(round + "_failures", ChildJvm.describe(tally.failures()));
  }

  /** The probe client: one {@link ProbeClient#round} of 3,000 tasks at its connection bound. */
  static final class Probefleet implements Contender {
    private final ProbeClient client;

    Probefleet(int bound) {
      this.client =
          ProbeClient.builder().maxOpenConnections(bound).defaultTimeout(PROBE_TIMEOUT).build();
    }

    @Override
    public Tally round(List<Workload.Probe> probes) {
      List<ProbeTask> tasks = new ArrayList<>(probes.size());
      for (Workload.Probe p : probes) {
        tasks.add(ProbeTask.of(p.target(), PathSpec.of(p.kind(), 0, p.url())));
      }
      RoundOutcome outcome = client.round(tasks, Instant.now().plusSeconds(60));
      int ok = 0;
      Map<String, Integer> failures = new TreeMap<>();
      for (PathObservation o : outcome.observations()) {
        FailureClass c = o.representative().failureClass();
        if (c == FailureClass.OK) {
          ok++;
        } else {
          failures.merge(c.name(), 1, Integer::sum);
        }
      }
      if (!outcome.notStarted().isEmpty()) {
        failures.put("NOT_STARTED", outcome.notStarted().size());
      }
      if (!outcome.failures().isEmpty()) {
        failures.put("INTERNAL_FAILURE", outcome.failures().size());
      }
      return new Tally(ok, failures);
    }
  }

  /**
   * {@code java.net.http.HttpClient.sendAsync} on the client's default executor, with at most
   * {@code bound} requests in flight: a semaphore permit is taken before each {@code sendAsync} and
   * given back when its response (body discarded) or error completes.
   */
  static final class SendAsync implements Contender {
    private final HttpClient client;
    private final int bound;

    SendAsync(int bound) {
      this.bound = bound;
      this.client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(PROBE_TIMEOUT)
              .build();
    }

    @Override
    public Tally round(List<Workload.Probe> probes) throws InterruptedException {
      Semaphore inFlight = new Semaphore(bound);
      CountDownLatch done = new CountDownLatch(probes.size());
      Map<String, Integer> outcomes = new ConcurrentHashMap<>();
      for (Workload.Probe p : probes) {
        HttpRequest request =
            HttpRequest.newBuilder(p.url())
                .timeout(PROBE_TIMEOUT)
                .header("User-Agent", ProbeClient.DEFAULT_USER_AGENT)
                .GET()
                .build();
        inFlight.acquire();
        client
            .sendAsync(request, HttpResponse.BodyHandlers.discarding())
            .whenComplete(
                (response, error) -> {
                  String key =
                      error != null
                          ? rootCause(error).getClass().getSimpleName()
                          : response.statusCode() == 200 ? "OK" : "HTTP_" + response.statusCode();
                  outcomes.merge(key, 1, Integer::sum);
                  inFlight.release();
                  done.countDown();
                });
      }
      done.await();
      Map<String, Integer> failures = new TreeMap<>(outcomes);
      Integer ok = failures.remove("OK");
      return new Tally(ok == null ? 0 : ok, failures);
    }

    private static Throwable rootCause(Throwable e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      return cause;
    }
  }
}
