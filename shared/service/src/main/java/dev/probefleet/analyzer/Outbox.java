package dev.probefleet.analyzer;

import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.notify.PublishException;
import dev.probefleet.store.AlertOutbox;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's side of the outbox: publishes alerts, then takes them out of the outbox, and keeps
 * account of what went out, what stays pending and what was given up. Thread-safe: targets are
 * analysed in parallel and publish their fresh alerts as they commit them.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Nothing lost.</b> Publish first, clear second: a crash between the two sends the alert
 *       again on the next run, with the same id, rather than never. An alert that cannot be sent
 *       stays pending with its attempts, last error and the time it is due again.
 *   <li><b>Nothing blocks.</b> A run publishes the alerts it creates at once, not behind the
 *       backlog; the backlog is read earliest due first, and each failure pushes an alert's due
 *       time back (1 min, 2, 4 … 30 min), so a failing alert moves behind the others instead of
 *       being tried first forever. Transient failures in a row (the transport is down) stop the
 *       run's publishing; permanent refusals do not — they say the transport is up.
 *   <li><b>Bounded.</b> An alert the transport refuses for good (too large, invalid) is given up
 *       after {@link OutboxSettings#permanentAttempts()} tries, and one still undeliverable after
 *       {@link OutboxSettings#maxAge()}: both become dead letters, kept with the reason, listed and
 *       counted.
 * </ul>
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int PAGE = 100;

  private final AlertOutbox store;
  private final AlertPublisher publisher;
  private final Clock clock;
  private final OutboxSettings settings;
  private final Instant deadline;

  private final AtomicInteger consecutiveTransient = new AtomicInteger();
  private final Set<String> attempted = new LinkedHashSet<>();
  private final Set<String> published = new LinkedHashSet<>();
  private final Set<String> pending = new LinkedHashSet<>();
  private final Set<String> deadLettered = new LinkedHashSet<>();
  private final List<String> errors = new ArrayList<>();
  private int failures;

  Outbox(
      AlertOutbox store,
      AlertPublisher publisher,
      Clock clock,
      OutboxSettings settings,
      Instant deadline) {
    this.store = store;
    this.publisher = publisher;
    this.clock = clock;
    this.settings = settings;
    this.deadline = deadline;
  }

  /**
   * Publishes the pending alerts due now, earliest due first, that this run has not tried yet,
   * until {@code until} (or the run's deadline); several at once.
   */
  void flushDue(Instant until) {
    if (breakerOpen()) {
      return;
    }
    Instant stop = until.isBefore(deadline) ? until : deadline;
    List<PendingAlert> due;
    try {
      due =
          Page.collect(
              PageRequest.first(Math.min(PAGE, settings.maxPerFlush())),
              settings.maxPerFlush(),
              p -> store.pending(clock.instant(), p, deadline));
    } catch (RuntimeException e) {
      error("pending alerts could not be read: " + e.getMessage(), e);
      return;
    }
    List<PendingAlert> todo = new ArrayList<>();
    synchronized (this) {
      for (PendingAlert alert : due) {
        if (!attempted.contains(alert.alertId())) {
          todo.add(alert);
        }
      }
    }
    if (todo.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(settings.concurrency(), todo.size()),
            Thread.ofPlatform().daemon().name("outbox-", 0).factory());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (PendingAlert alert : todo) {
        futures.add(
            pool.submit(
                () -> {
                  if (clock.instant().isBefore(stop)) {
                    publish(alert);
                  } else {
                    leavePending(alert.alertId());
                  }
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get(
              Math.max(1, Duration.between(clock.instant(), deadline).toMillis()) + 1_000,
              TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          f.cancel(true);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Publishes an alert this run has just written, ahead of any backlog. */
  void publishFresh(String incidentId, int number, AlertMessage alert) {
    publish(PendingAlert.fresh(incidentId, number, alert, clock.instant()));
  }

  private void publish(PendingAlert alert) {
    String id = alert.alertId();
    synchronized (this) {
      attempted.add(id);
    }
    Instant now = clock.instant();
    if (breakerOpen() || !now.isBefore(deadline)) {
      leavePending(id);
      return;
    }
    Instant until =
        now.plus(settings.publishBudget()).isBefore(deadline)
            ? now.plus(settings.publishBudget())
            : deadline;
    String messageId;
    try {
      messageId = publisher.publish(alert.message(), until);
    } catch (PublishException e) {
      failed(alert, e.getMessage(), e.permanent(), e);
      return;
    } catch (RuntimeException e) {
      failed(alert, e.toString(), false, e);
      return;
    }
    consecutiveTransient.set(0);
    synchronized (this) {
      published.add(id);
    }
    try {
      Instant after = clock.instant().plus(settings.publishBudget());
      store.markPublished(
          alert.incidentId(),
          alert.number(),
          messageId,
          after.isBefore(deadline) ? after : deadline);
    } catch (RuntimeException e) {
      error(
          "alert "
              + id
              + " published but still marked pending; the next run sends it again with the same"
              + " id: "
              + e.getMessage(),
          e);
    }
  }

  private void failed(PendingAlert alert, String error, boolean permanent, Exception cause) {
    String id = alert.alertId();
    synchronized (this) {
      failures++;
    }
    if (permanent) {
      consecutiveTransient.set(0);
    } else if (consecutiveTransient.incrementAndGet() == settings.breakerThreshold()) {
      error(
          settings.breakerThreshold()
              + " publications failed in a row: this run publishes nothing more, the rest stays"
              + " pending",
          null);
    }
    int attempts = alert.attempts() + 1;
    Instant now = clock.instant();
    // Bookkeeping gets the time of one publication at most: when the store is as unreachable as
    // the transport, the alert simply stays pending as it was.
    Instant until =
        now.plus(settings.publishBudget()).isBefore(deadline)
            ? now.plus(settings.publishBudget())
            : deadline;
    Duration age = Duration.between(alert.createdAt(), now);
    Optional<String> giveUp = Optional.empty();
    if (permanent && attempts >= settings.permanentAttempts()) {
      giveUp = Optional.of("refused by the transport " + attempts + " time(s), for good: " + error);
    } else if (age.compareTo(settings.maxAge()) >= 0) {
      giveUp =
          Optional.of(
              "undeliverable for "
                  + age.toMinutes()
                  + " min ("
                  + attempts
                  + " attempts); last error: "
                  + error);
    }
    try {
      // Recorded first even when giving up: the dead letter then counts this attempt and keeps
      // its error, and an alert whose dead-lettering fails stays pending, backed off.
      store.recordFailure(
          alert.incidentId(),
          alert.number(),
          error,
          now.plus(settings.retryAfter(attempts)),
          until);
      if (giveUp.isPresent()) {
        if (store.deadLetter(alert.incidentId(), alert.number(), giveUp.get(), until)) {
          synchronized (this) {
            deadLettered.add(id);
          }
          error("alert " + id + " dead-lettered: " + giveUp.get(), cause);
        }
        return;
      }
    } catch (RuntimeException e) {
      LOG.warn("the failure of alert {} could not be recorded: {}", id, e.toString());
    }
    leavePending(id);
    error(
        "alert " + id + " not published (attempt " + attempts + "), left pending: " + error, cause);
  }

  private boolean breakerOpen() {
    return consecutiveTransient.get() >= settings.breakerThreshold();
  }

  private synchronized void leavePending(String id) {
    pending.add(id);
  }

  private synchronized void error(String message, Throwable cause) {
    errors.add(message);
    LOG.warn(message);
    if (cause != null) {
      LOG.debug("cause of: {}", message, cause);
    }
  }

  synchronized List<String> published() {
    return List.copyOf(published);
  }

  synchronized List<String> pending() {
    List<String> left = new ArrayList<>(pending);
    left.removeAll(published);
    left.removeAll(deadLettered);
    return left;
  }

  synchronized List<String> deadLettered() {
    return List.copyOf(deadLettered);
  }

  synchronized int failures() {
    return failures;
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /**
   * What the outbox holds after the run: how many pending (a lower bound beyond {@code limit}) and
   * how old the oldest is.
   */
  Snapshot snapshot(int limit) {
    List<PendingAlert> all =
        Page.collect(
            PageRequest.first(Math.min(limit, 1000)),
            limit,
            p -> store.pending(Instant.MAX, p, deadline));
    Optional<Instant> oldest = all.stream().map(PendingAlert::createdAt).min(Instant::compareTo);
    return new Snapshot(
        all.size(), all.size() >= limit, oldest.map(o -> Duration.between(o, clock.instant())));
  }

  record Snapshot(int pending, boolean lowerBound, Optional<Duration> oldest) {}
}
