package dev.probefleet.analyzer;

import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's side of the outbox: publishes alerts, then takes them out of the outbox, and keeps
 * account of what went out and what stays pending. Thread-safe: targets are analysed in parallel.
 *
 * <p>Publish first, clear second: a crash between the two sends the alert again on the next run,
 * with the same id, rather than never. Each publication gets at most {@code publishBudget}; after
 * {@code maxConsecutiveFailures} failures in a row the run stops publishing (SNS is down, or the
 * link to it) and leaves the rest to the next run instead of spending the invocation on it.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int FLUSH_PAGE = 100;

  private final IncidentStore store;
  private final AlertPublisher publisher;
  private final Clock clock;
  private final Duration publishBudget;
  private final int maxConsecutiveFailures;
  private final int maxPerFlush;
  private final Instant deadline;

  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final Set<String> published = new LinkedHashSet<>();
  private final Set<String> pending = new LinkedHashSet<>();
  private final Set<String> attempted = new LinkedHashSet<>();
  private final List<String> errors = new ArrayList<>();

  Outbox(
      IncidentStore store,
      AlertPublisher publisher,
      Clock clock,
      AnalyzerSettings settings,
      Instant deadline) {
    this.store = store;
    this.publisher = publisher;
    this.clock = clock;
    this.publishBudget = settings.publishBudget();
    this.maxConsecutiveFailures = settings.maxConsecutivePublishFailures();
    this.maxPerFlush = settings.maxPendingPerFlush();
    this.deadline = deadline;
  }

  /**
   * Publishes what is pending in the outbox, oldest incident first and each incident's alerts in
   * order, skipping alerts this run already tried.
   */
  void flush() {
    if (stopped()) {
      return;
    }
    List<PendingAlert> all;
    try {
      all = Page.collect(PageRequest.first(FLUSH_PAGE), maxPerFlush, store::pendingAlerts);
    } catch (RuntimeException e) {
      error("pending alerts could not be read: " + e.getMessage(), e);
      return;
    }
    List<PendingAlert> ordered = new ArrayList<>(all);
    ordered.sort(
        Comparator.comparing(PendingAlert::incidentId).thenComparingInt(PendingAlert::number));
    for (PendingAlert alert : ordered) {
      synchronized (this) {
        if (attempted.contains(alert.alertId())) {
          continue;
        }
      }
      publish(alert.incidentId(), alert.number(), alert.message());
    }
  }

  /** Publishes one alert of the outbox and takes it out. */
  void publish(String incidentId, int number, AlertMessage alert) {
    String id = alert.alertId();
    synchronized (this) {
      attempted.add(id);
    }
    Instant now = clock.instant();
    if (stopped() || !now.isBefore(deadline)) {
      leavePending(id);
      return;
    }
    Instant until = now.plus(publishBudget).isBefore(deadline) ? now.plus(publishBudget) : deadline;
    String messageId;
    try {
      messageId = publisher.publish(alert, until);
      consecutiveFailures.set(0);
    } catch (RuntimeException e) {
      int failures = consecutiveFailures.incrementAndGet();
      leavePending(id);
      error("alert " + id + " not published, left in the outbox: " + e.getMessage(), e);
      if (failures == maxConsecutiveFailures) {
        error(
            failures
                + " publications failed in a row: the rest of this run's alerts stay in the outbox",
            null);
      }
      return;
    }
    synchronized (this) {
      published.add(id);
    }
    try {
      store.markPublished(incidentId, number, messageId, deadline);
    } catch (RuntimeException e) {
      leavePending(id);
      error(
          "alert "
              + id
              + " published but still marked pending; the next run sends it again with the same"
              + " id: "
              + e.getMessage(),
          e);
    }
  }

  private boolean stopped() {
    return consecutiveFailures.get() >= maxConsecutiveFailures;
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
    return List.copyOf(pending);
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }
}
