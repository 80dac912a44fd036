package dev.probefleet.store.contract;

import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.notify.PublishException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A publisher in front of another (or of nothing) that records every alert it sent and can play a
 * failure: the scenarios an outbox must survive.
 */
public final class RecordingPublisher implements AlertPublisher {

  /** What the next publications do. */
  public enum Fault {
    /** Publish normally. */
    NONE,
    /** Fail before sending (SNS unreachable): the alert was not sent. */
    FAIL_BEFORE_SENDING,
    /**
     * Send, then fail as if the invocation crashed before the alert was taken out of the outbox:
     * the alert was sent but stays pending.
     */
    CRASH_AFTER_SENDING
  }

  private final AlertPublisher delegate;
  private final List<AlertMessage> sent = new ArrayList<>();
  private final AtomicInteger faultsLeft = new AtomicInteger();
  private volatile Fault fault = Fault.NONE;

  /**
   * @param delegate where alerts really go, or null to only record them
   */
  public RecordingPublisher(AlertPublisher delegate) {
    this.delegate = delegate;
  }

  /** The next {@code times} publications play {@code fault}; the later ones publish normally. */
  public RecordingPublisher failNext(Fault fault, int times) {
    this.fault = fault;
    this.faultsLeft.set(times);
    return this;
  }

  @Override
  public String publish(AlertMessage alert, Instant deadline) {
    Fault now = faultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? fault : Fault.NONE;
    if (now == Fault.FAIL_BEFORE_SENDING) {
      throw new PublishException(
          "alert " + alert.alertId() + " not published: injected failure", null);
    }
    String id =
        delegate == null ? "recorded-" + alert.alertId() : delegate.publish(alert, deadline);
    synchronized (sent) {
      sent.add(alert);
    }
    if (now == Fault.CRASH_AFTER_SENDING) {
      throw new PublishException(
          "alert " + alert.alertId() + " sent, then the invocation crashed (injected)", null);
    }
    return id;
  }

  /** Alert ids sent, in order, duplicates included. */
  public List<String> sentIds() {
    synchronized (sent) {
      return sent.stream().map(AlertMessage::alertId).toList();
    }
  }

  public List<AlertMessage> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }
}
