package dev.probefleet.probe.internal;

import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.probe.ProbeNotStartedException;
import dev.probefleet.probe.ProbeTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task's samples in order. A single request goes on its own connection with {@code
 * Connection: close}. A burst of n sends its first ⌈n/2⌉ requests over one keep-alive connection
 * (reused while the server keeps it open; a reused request that fails is the keep-alive race the
 * burst is there to catch, and is reported, not retried) and the rest on fresh connections, one
 * after another.
 *
 * <p>Each sample's deadline is the earlier of the path's timeout (or the client's default) from the
 * moment it starts and the round deadline; waiting for a connection slot counts against it. A
 * sample that fails because the round deadline (not its own timeout) ran out is dropped as if it
 * had not run: it blames the prober's lateness, not the target. A sample that cannot start — too
 * little time left before the round deadline, or no slot free in time — is not run: the first one
 * makes the whole task {@linkplain ProbeNotStartedException not started}, a later one shortens the
 * burst.
 */
public final class PathProber {
  private final Settings settings;
  private final SampleProbe samples;

  public PathProber(Settings settings) {
    this.settings = settings;
    this.samples = new SampleProbe(settings, new TrustStores());
  }

  /**
   * A task's observation and how many of its burst's samples could not start.
   *
   * @param observation the samples that ran, in order
   * @param samplesNotRun burst samples skipped for lack of time or a connection slot
   */
  public record Result(PathObservation observation, int samplesNotRun) {}

  /**
   * Probes the task under the outer (round) deadline.
   *
   * @throws ProbeNotStartedException when not even the first sample could start
   */
  public Result probe(ProbeTask task, Instant outerDeadline) {
    int requests = task.burst().requests();
    int overKeepAlive = requests > 1 ? (requests + 1) / 2 : 0;
    Duration timeout = task.path().timeout().orElse(settings.defaultTimeout());
    List<ProbeResult> results = new ArrayList<>();
    Connection kept = null;
    try {
      for (int i = 0; i < requests; i++) {
        Duration left = Duration.between(settings.clock().instant(), outerDeadline);
        if (left.compareTo(settings.minimumBudget()) < 0) {
          String reason =
              left.isNegative() || left.isZero()
                  ? "the round deadline passed before it could start"
                  : "only "
                      + left.toMillis()
                      + " ms were left before the round deadline (a probe needs at least "
                      + settings.minimumBudget().toMillis()
                      + " ms)";
          return stop(task, results, requests - i, reason);
        }
        Deadline deadline = Deadline.of(timeout, outerDeadline, settings.clock());
        boolean keepAlive = i < overKeepAlive;
        Connection reuse = null;
        if (keepAlive && kept != null && kept.usable()) {
          reuse = kept;
        } else if (kept != null) {
          kept.close();
        }
        kept = null;
        Permit permit = null;
        if (reuse == null) {
          permit = acquire(deadline, outerDeadline);
          if (permit == null) {
            return stop(
                task,
                results,
                requests - i,
                "no connection slot came free within "
                    + deadline.describe()
                    + " ("
                    + settings.maxOpenConnections()
                    + " connections open)");
          }
        }
        SampleProbe.Outcome outcome = samples.run(task, deadline, reuse, permit, keepAlive);
        kept = outcome.keep();
        if (deadline.roundBound()
            && deadline.expired()
            && outcome.result().failureClass().failing()) {
          // The round's deadline, not the path's timeout, ended this sample: what it saw says
          // nothing about the target (a late round is the prober's problem), so it is not run.
          return stop(
              task,
              results,
              requests - i,
              "cut short by the round deadline after "
                  + deadline.budgetMillis()
                  + " ms, before the path's own timeout of "
                  + timeout.toMillis()
                  + " ms ("
                  + outcome.result().failureClass()
                  + " by then)");
        }
        results.add(outcome.result());
      }
    } finally {
      if (kept != null) {
        kept.close();
      }
    }
    return new Result(observation(task, results), 0);
  }

  private Result stop(ProbeTask task, List<ProbeResult> results, int notRun, String reason) {
    if (results.isEmpty()) {
      throw new ProbeNotStartedException(task.target(), task.path().label(), reason);
    }
    return new Result(observation(task, results), notRun);
  }

  private static PathObservation observation(ProbeTask task, List<ProbeResult> results) {
    return new PathObservation(
        task.path().kind(), task.path().instance(), task.path().url().toString(), results);
  }

  /**
   * A connection slot, or null when none came free while enough time was left: a slot that frees up
   * only at the deadline would give a probe no time and a timeout that blames the target. Enough is
   * the minimum budget before the round deadline, and of the sample's own deadline the minimum
   * budget or half its timeout, whichever is less.
   */
  private Permit acquire(Deadline deadline, Instant outerDeadline) {
    try {
      if (!settings
          .permits()
          .tryAcquire(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    Permit permit = new Permit(settings.permits());
    Duration left = Duration.between(settings.clock().instant(), outerDeadline);
    long needed = Math.min(settings.minimumBudget().toNanos(), deadline.budgetNanos() / 2);
    if (deadline.remainingNanos() < needed || left.compareTo(settings.minimumBudget()) < 0) {
      permit.release();
      return null;
    }
    return permit;
  }
}
