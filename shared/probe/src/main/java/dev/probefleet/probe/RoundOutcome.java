package dev.probefleet.probe;

import dev.probefleet.model.PathObservation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a round of probes produced: one entry per task, in task order. A task was observed (its
 * path's samples), could not start before the round deadline, or hit a bug in the client; none is
 * ever dropped, and none of them stops the others.
 *
 * @param entries one per task, in the order the tasks were given
 * @param load how loaded the prober itself was during the round
 * @param spread the window the round's starts were spread over (zero: all at once)
 */
public record RoundOutcome(List<RoundOutcome.Entry> entries, ProberLoad load, Duration spread) {

  public RoundOutcome {
    entries = List.copyOf(entries);
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(spread, "spread");
  }

  /** A round with no load figures and no spread. */
  public RoundOutcome(List<RoundOutcome.Entry> entries) {
    this(entries, ProberLoad.NONE, Duration.ZERO);
  }

  /** The outcome of one task. */
  public sealed interface Entry permits Observed, NotStarted, ProberOverloaded, InternalFailure {
    ProbeTask task();
  }

  /**
   * The task was probed.
   *
   * @param task the task
   * @param observation its samples (fewer than the burst asked for when the deadline came first)
   * @param samplesNotRun burst samples that could not start before the round deadline
   */
  public record Observed(ProbeTask task, PathObservation observation, int samplesNotRun)
      implements Entry {
    public Observed {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(observation, "observation");
    }
  }

  /**
   * The task was never started: the round deadline passed first, or no connection slot came free
   * before it. The target was not contacted, so nothing here says anything about it.
   *
   * @param task the task
   * @param reason why, e.g. {@code no connection slot free within 1200 ms (512 open)}
   */
  public record NotStarted(ProbeTask task, String reason) implements Entry {
    public NotStarted {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The task's failure was seen while the prober was saturated, and so was its retry's (or there
   * was no time for one): the failure may be the prober's own queueing. Nothing here is a result of
   * the target; the path is reported inconclusive, never failing.
   *
   * @param task the task
   * @param reason what failed and how late the prober's timer was
   */
  public record ProberOverloaded(ProbeTask task, String reason) implements Entry {
    public ProberOverloaded {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The client failed on this task — a bug, or a task that cannot be sent (e.g. an unreadable CA
   * bundle). The rest of the round is unaffected.
   *
   * @param task the task
   * @param error a description of what went wrong
   * @param cause the exception, if one was thrown
   */
  public record InternalFailure(ProbeTask task, String error, Throwable cause) implements Entry {
    public InternalFailure {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(error, "error");
    }
  }

  /** The observations of the observed tasks, in task order. */
  public List<PathObservation> observations() {
    return entries.stream()
        .filter(Observed.class::isInstance)
        .map(e -> ((Observed) e).observation())
        .toList();
  }

  /** The tasks that could not start. */
  public List<NotStarted> notStarted() {
    return entries.stream()
        .filter(NotStarted.class::isInstance)
        .map(NotStarted.class::cast)
        .toList();
  }

  /** The tasks the client failed on. */
  public List<InternalFailure> failures() {
    return entries.stream()
        .filter(InternalFailure.class::isInstance)
        .map(InternalFailure.class::cast)
        .toList();
  }

  /** True when every task was observed with every sample it asked for. */
  public boolean complete() {
    return entries.stream().allMatch(e -> e instanceof Observed o && o.samplesNotRun() == 0);
  }
}
