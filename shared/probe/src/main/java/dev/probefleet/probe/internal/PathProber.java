package dev.probefleet.probe.internal;

import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.probe.ProbeNotStartedException;
import dev.probefleet.probe.ProbeTask;
import dev.probefleet.probe.ProberOverloadedException;
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
 * <p>Each sample's deadline is the earlier of the path's timeout (or the client's default) and the
 * round deadline, counted from the moment it has its connection slot: waiting for a slot is the
 * prober's queue, not the target's time, so it never counts against the path's timeout (a round of
 * more paths than slots works through them until the round deadline, instead of timing out the ones
 * queued longest). A sample that fails because the round deadline (not its own timeout) ran out is
 * dropped as if it had not run: it blames the prober's lateness, not the target. A sample that
 * cannot start — too little time left before the round deadline, or no slot free before it — is not
 * run: the first one makes the whole task {@linkplain ProbeNotStartedException not started}, a
 * later one shortens the burst.
 *
 * <p>A new TLS connection also waits for one of the client's handshake slots (a bound on connects
 * and handshakes in flight that follows the CPUs): handshakes are CPU work, and more of them at
 * once than the CPUs can serve only make each one slower, which the probe would report as the
 * target's TLS time. That wait is queueing too, and counts against nothing. A failed sample that
 * the round's {@link RoundContext} suspects of being the prober's doing is run again, once, when
 * time is left, and otherwise ends the task as {@linkplain ProberOverloadedException prober
 * overloaded}.
 */
public final class PathProber {
  private final Settings settings;
  private final SampleProbe samples;
  private final FirstHandshake firstHandshake = new FirstHandshake();

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
   * @param ids where each sample's {@code X-Request-ID} comes from
   * @throws ProbeNotStartedException when not even the first sample could start
   */
  public Result probe(ProbeTask task, Instant outerDeadline, RequestIds ids) {
    return probe(task, outerDeadline, ids, RoundContext.unwatched());
  }

  /**
   * Probes the task as part of a round watched by {@code round}.
   *
   * @throws ProberOverloadedException when the first sample's failure was seen while the prober was
   *     saturated, and so was its retry's (or there was no time for one)
   */
  public Result probe(ProbeTask task, Instant outerDeadline, RequestIds ids, RoundContext round) {
    int requests = task.burst().requests();
    int overKeepAlive = requests > 1 ? (requests + 1) / 2 : 0;
    Duration timeout = task.path().timeout().orElse(settings.defaultTimeout());
    List<ProbeResult> results = new ArrayList<>();
    Connection kept = null;
    boolean retriedOnce = false;
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
        boolean keepAlive = i < overKeepAlive;
        Connection reuse = null;
        if (keepAlive && kept != null && kept.usable()) {
          reuse = kept;
        } else if (kept != null) {
          kept.close();
        }
        kept = null;
        Permit permit = null;
        Permit handshake = null;
        boolean first = false;
        if (reuse == null && task.path().tls() && !firstHandshake.open()) {
          first = firstHandshake.claim();
          if (!first) {
            firstHandshake.await(
                Duration.between(settings.clock().instant(), outerDeadline)
                    .minus(settings.minimumBudget())
                    .toMillis());
          }
        }
        if (reuse == null) {
          permit = acquire(settings.permits(), outerDeadline);
          if (permit == null) {
            return stop(
                task,
                results,
                requests - i,
                "no connection slot came free while "
                    + settings.minimumBudget().toMillis()
                    + " ms were still left before the round deadline ("
                    + settings.maxOpenConnections()
                    + " connections open)");
          }
          if (task.path().tls()) {
            handshake = acquire(settings.handshakes(), outerDeadline);
            if (handshake == null) {
              permit.release();
              return stop(
                  task,
                  results,
                  requests - i,
                  "no handshake slot came free while "
                      + settings.minimumBudget().toMillis()
                      + " ms were still left before the round deadline");
            }
          }
        }
        Deadline deadline = Deadline.of(timeout, outerDeadline, settings.clock());
        long began = System.nanoTime();
        SampleProbe.Outcome outcome;
        try {
          outcome = samples.run(task, ids.next(), deadline, reuse, permit, handshake, keepAlive);
        } finally {
          if (first) {
            firstHandshake.finished();
          }
        }
        long ended = System.nanoTime();
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
        long lateness = round.suspect(outcome.result().failureClass(), began, ended, timeout);
        if (lateness >= 0) {
          String why =
              outcome.result().failureClass()
                  + " ("
                  + outcome.result().detail()
                  + ") while the prober's own timer was "
                  + lateness / 1_000_000
                  + " ms late";
          if (kept != null) {
            kept.close();
            kept = null;
          }
          Duration remaining = Duration.between(settings.clock().instant(), outerDeadline);
          if (!retriedOnce && remaining.compareTo(settings.minimumBudget()) >= 0) {
            // Not the target's failure until shown otherwise: the same sample, once more.
            retriedOnce = true;
            round.retried();
            // Once the prober is on time again, leaving the retry its whole timeout if it can.
            round.awaitCalm(remaining.minus(timeout));
            i--;
            continue;
          }
          if (results.isEmpty()) {
            throw new ProberOverloadedException(
                task.target(),
                task.path().label(),
                why + (retriedOnce ? ", twice" : "; no time left to retry it"));
          }
          return new Result(observation(task, results), requests - i);
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
   * A connection slot, or null when none came free while the minimum budget was still left before
   * the round deadline: a slot that frees up only at the deadline would give a probe no time and a
   * result that says nothing about the target.
   */
  private Permit acquire(java.util.concurrent.Semaphore permits, Instant outerDeadline) {
    Duration wait =
        Duration.between(settings.clock().instant(), outerDeadline).minus(settings.minimumBudget());
    try {
      if (!permits.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    Permit permit = new Permit(permits);
    Duration left = Duration.between(settings.clock().instant(), outerDeadline);
    if (left.compareTo(settings.minimumBudget()) < 0) {
      permit.release();
      return null;
    }
    return permit;
  }
}
