package dev.probefleet.analyzer;

import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.notify.PublishException;
import dev.probefleet.store.contract.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A transport whose answer is scripted per target: SNS accepting, down for a while, or refusing a
 * message for good. Records every attempt in order; each publication may take (manual) time.
 */
final class ScriptedPublisher implements AlertPublisher {

  /** What the transport does with an alert of a target. */
  enum Answer {
    ACCEPT,
    /** Throttled, unreachable, timed out: a later try may succeed. */
    FAIL_TRANSIENTLY,
    /** InvalidParameter, message too long: this very message can never be sent. */
    REFUSE_FOR_GOOD
  }

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> attempts = new ArrayList<>();
  private final List<String> accepted = new ArrayList<>();
  private final ManualClock clock;
  private volatile Duration takes = Duration.ZERO;

  ScriptedPublisher(ManualClock clock) {
    this.clock = clock;
  }

  /** Alerts of {@code target} get {@code answer} from now on (default: accepted). */
  ScriptedPublisher answer(String target, Answer answer) {
    answers.put(target, answer);
    return this;
  }

  /** Every publication takes this long on the manual clock. */
  ScriptedPublisher takes(Duration value) {
    this.takes = value;
    return this;
  }

  @Override
  public String publish(AlertMessage alert, Instant deadline) {
    String target = alert.attributes().get("target");
    synchronized (this) {
      attempts.add(alert.alertId());
    }
    clock.advance(takes);
    switch (answers.getOrDefault(target, Answer.ACCEPT)) {
      case FAIL_TRANSIENTLY ->
          throw new PublishException("SNS throttled publishing " + alert.alertId(), null);
      case REFUSE_FOR_GOOD ->
          throw new PublishException("InvalidParameter: Message too long", null, true);
      case ACCEPT -> {}
    }
    synchronized (this) {
      accepted.add(alert.alertId());
    }
    return "msg-" + alert.alertId();
  }

  /** Alert ids tried, in order, repeats included. */
  synchronized List<String> attempts() {
    return List.copyOf(attempts);
  }

  /** Alert ids the transport accepted, in order. */
  synchronized List<String> accepted() {
    return List.copyOf(accepted);
  }

  /** How often an alert was tried. */
  synchronized long attemptsOf(String alertId) {
    return attempts.stream().filter(alertId::equals).count();
  }
}
