package dev.probefleet.probe.internal;

import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.probe.ProbeTask;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requests a client primes itself with, against its {@link PrimingServer}: what to ask for, and
 * what a request that went as planned answers.
 */
final class PrimingTasks {
  /** The target name every priming task carries. */
  static final String TARGET = "probefleet-priming";

  /**
   * The host name the DNS step resolves, through {@link PrimingDns} only: under {@code .invalid},
   * which no public resolver answers (RFC 6761).
   */
  static final String HOST = "priming.probefleet.invalid";

  /**
   * Each priming request's own deadline: generous, because a fresh JVM's first handshake
   * initialises JSSE on both ends and can take a second or more on a busy machine.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final List<String> SHAPES =
      List.of("length", "chunked", "close", "interim", "error", "redirect");

  private PrimingTasks() {}

  /**
   * One task per answer shape, then a two-request keep-alive burst; each answer comes after 1 ms.
   */
  static List<ProbeTask> everyShape(int port, boolean tls) {
    List<ProbeTask> tasks = new ArrayList<>();
    for (String shape : SHAPES) {
      tasks.add(task(port, tls, shape, 1, "first"));
    }
    tasks.add(task(port, tls, "length", 1, "burst").withBurst(new BurstSpec(2)));
    return tasks;
  }

  /**
   * {@code count} tasks for one concurrent round: mostly {@code Content-Length} answers, every
   * fourth chunked, answered after 1 or 2 ms.
   */
  static List<ProbeTask> concurrent(int port, boolean tls, int count, int round) {
    List<ProbeTask> tasks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String shape = i % 4 == 3 ? "chunked" : "length";
      tasks.add(task(port, tls, shape, 1 + i % 2, round + "-" + i));
    }
    return tasks;
  }

  /**
   * {@code count} tasks naming {@link #HOST} instead of 127.0.0.1, so that each resolves it first:
   * {@code Content-Length} answers after 1 ms.
   */
  static List<ProbeTask> throughDns(int port, int count, String round) {
    List<ProbeTask> tasks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tasks.add(task(HOST, port, false, "length", 1, round + "-" + i));
    }
    return tasks;
  }

  /** How many of the observation's samples did not end as the task's shape should. */
  static int unexpected(ProbeTask task, PathObservation observation) {
    String shape = task.path().url().getPath().split("/")[1];
    FailureClass expected = shape.equals("error") ? FailureClass.HTTP_5XX : FailureClass.OK;
    int unexpected = task.burst().requests() - observation.samples().size();
    for (ProbeResult sample : observation.samples()) {
      if (sample.failureClass() != expected) {
        unexpected++;
      }
    }
    return unexpected;
  }

  private static ProbeTask task(int port, boolean tls, String shape, int delayMillis, String tag) {
    return task("127.0.0.1", port, tls, shape, delayMillis, tag);
  }

  private static ProbeTask task(
      String host, int port, boolean tls, String shape, int delayMillis, String tag) {
    URI url =
        URI.create(
            (tls ? "https" : "http")
                + "://"
                + host
                + ":"
                + port
                + "/"
                + shape
                + "/"
                + delayMillis
                + "/"
                + tag);
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
            Optional.of(TIMEOUT),
            List.of(),
            Map.of(),
            List.of());
    return ProbeTask.of(TARGET, path);
  }
}
