package dev.probefleet.analyzer;

import static dev.probefleet.analyzer.ScriptedPublisher.Answer.ACCEPT;
import static dev.probefleet.analyzer.ScriptedPublisher.Answer.FAIL_TRANSIENTLY;
import static dev.probefleet.analyzer.ScriptedPublisher.Answer.REFUSE_FOR_GOOD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.incident.Transition;
import dev.probefleet.model.Layer;
import dev.probefleet.store.AlertRecord;
import dev.probefleet.store.DeadLetter;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.PendingAlert;
import dev.probefleet.store.contract.HistoryWriter;
import dev.probefleet.store.contract.ManualClock;
import dev.probefleet.store.memory.InMemoryIncidentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The outbox never lets an undeliverable alert hold back the others: attempts, last error and due
 * time per alert; refusals dead-lettered after a few tries, transient failures after {@code
 * maxAge}; the backlog read earliest due first; fresh alerts sent at once; a breaker that trips on
 * a transport outage only.
 */
class OutboxTest {
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryIncidentStore store = new InMemoryIncidentStore(clock);
  private final ScriptedPublisher publisher = new ScriptedPublisher(clock);

  /** The defaults, one publication at a time (a deterministic order), breaker after 3. */
  private OutboxSettings settings =
      new OutboxSettings(
          Duration.ofSeconds(10),
          3,
          Duration.ofHours(24),
          Duration.ofSeconds(30),
          Duration.ofMinutes(30),
          3,
          500,
          1);

  private int incidents;

  /** An alert written pending with its transition, as the analyzer's commit writes it. */
  private String pendingAlert(String target) {
    return opened(target).alertId();
  }

  private Transition opened(String target) {
    HistoryWriter history = new HistoryWriter(store, target);
    String opening =
        T0.minus(Duration.ofHours(1)).plus(Duration.ofMinutes(2 * incidents++)).toString();
    history.incident(opening, Layer.ORIGIN, false);
    return history.recorded().get(0);
  }

  private Outbox run() {
    return new Outbox(store, publisher, clock, settings, clock.instant().plusSeconds(60));
  }

  /** One run's backlog flush over its whole deadline. */
  private Outbox flush() {
    Outbox outbox = run();
    outbox.flushDue(clock.instant().plusSeconds(60));
    return outbox;
  }

  private List<PendingAlert> pending() {
    return Page.collect(PageRequest.first(100), 10_000, p -> store.pending(Instant.MAX, p));
  }

  private Optional<PendingAlert> pending(String alertId) {
    return pending().stream().filter(p -> p.alertId().equals(alertId)).findFirst();
  }

  private List<DeadLetter> deadLetters() {
    return Page.collect(PageRequest.first(100), 10_000, store::deadLetters);
  }

  private AlertRecord record(String alertId) {
    String incidentId = alertId.substring(0, alertId.lastIndexOf('-'));
    return store.incident(incidentId).orElseThrow().entries().get(0).alert().orElseThrow();
  }

  @Test
  void aRefusedAlertIsDeadLetteredAfterPermanentAttemptsTriesAndKept() {
    String refused = pendingAlert("too-long");
    publisher.answer("too-long", REFUSE_FOR_GOOD);

    Outbox first = flush();
    PendingAlert once = pending(refused).orElseThrow();
    assertThat(once.attempts()).isEqualTo(1);
    assertThat(once.lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("InvalidParameter"));
    assertThat(once.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
    assertThat(first.pending()).containsExactly(refused);
    assertThat(first.deadLettered()).isEmpty();

    clock.advance(Duration.ofSeconds(30));
    flush();
    assertThat(pending(refused).orElseThrow().attempts()).isEqualTo(2);
    assertThat(pending(refused).orElseThrow().nextAttemptAt())
        .isEqualTo(clock.instant().plusSeconds(60));

    clock.advance(Duration.ofSeconds(60));
    Outbox third = flush();

    assertThat(third.deadLettered()).containsExactly(refused);
    assertThat(third.pending()).isEmpty();
    assertThat(third.errors()).anySatisfy(e -> assertThat(e).contains(refused, "dead-lettered"));
    assertThat(pending(refused)).as("no longer pending").isEmpty();
    DeadLetter dead = deadLetters().get(0);
    assertThat(dead.alertId()).isEqualTo(refused);
    assertThat(dead.reason())
        .contains("refused by the transport 3 time(s), for good")
        .contains("InvalidParameter: Message too long");
    assertThat(dead.attempts()).as("publications tried").isEqualTo(3);
    assertThat(dead.deadLetteredAt()).isEqualTo(clock.instant());
    assertThat(record(refused).deadLetter()).isPresent();
    assertThat(record(refused).pending()).isFalse();

    clock.advance(Duration.ofHours(1));
    flush();
    assertThat(publisher.attemptsOf(refused)).as("never tried again").isEqualTo(3);
  }

  @Test
  void threeRefusedAlertsNoLongerStopAFourthNewOne() {
    // The regression: three alerts SNS refused outright stopped all alerting for good, since the
    // backlog was tried oldest first and three failures in a row stopped the run.
    List<String> refused =
        List.of(pendingAlert("big-a"), pendingAlert("big-b"), pendingAlert("big-c"));
    publisher
        .answer("big-a", REFUSE_FOR_GOOD)
        .answer("big-b", REFUSE_FOR_GOOD)
        .answer("big-c", REFUSE_FOR_GOOD);
    clock.advance(Duration.ofSeconds(1));
    String waiting = pendingAlert("shop");

    for (int run = 1; run <= 4; run++) {
      Outbox outbox = run();
      outbox.flushDue(clock.instant().plusSeconds(12));
      Transition fresh = opened("fresh-" + run);
      outbox.publishFresh(fresh.incidentId(), fresh.number(), HistoryWriter.message(fresh));
      outbox.flushDue(clock.instant().plusSeconds(60));

      assertThat(outbox.published())
          .as("run %d: the new alert goes out although three refused ones are older", run)
          .contains(fresh.alertId());
      assertThat(outbox.errors())
          .as("the breaker did not trip")
          .noneSatisfy(e -> assertThat(e).contains("in a row"));
      if (run == 1) {
        assertThat(publisher.attempts())
            .as("the backlog earliest due first, the waiting alert behind the refused ones")
            .containsExactly(
                refused.get(0), refused.get(1), refused.get(2), waiting, fresh.alertId());
        assertThat(outbox.published()).containsExactly(waiting, fresh.alertId());
        assertThat(outbox.pending()).containsExactlyInAnyOrderElementsOf(refused);
      }
      if (run == 3) {
        assertThat(outbox.deadLettered()).containsExactlyInAnyOrderElementsOf(refused);
      }
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(deadLetters())
        .extracting(DeadLetter::alertId)
        .containsExactlyInAnyOrderElementsOf(refused);
    assertThat(pending()).isEmpty();
    assertThat(publisher.accepted()).hasSize(5);
  }

  @Test
  void aTransientFailureBacksOffAndIsTriedAgainWhenDue() {
    String flaky = pendingAlert("flaky");
    publisher.answer("flaky", FAIL_TRANSIENTLY);

    Outbox first = flush();
    PendingAlert once = pending(flaky).orElseThrow();
    assertThat(once.attempts()).isEqualTo(1);
    assertThat(once.lastError()).hasValueSatisfying(e -> assertThat(e).contains("SNS throttled"));
    assertThat(once.nextAttemptAt()).isEqualTo(clock.instant().plus(settings.retryBase()));
    assertThat(first.pending()).containsExactly(flaky);
    assertThat(first.failures()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(29));
    flush();
    assertThat(publisher.attemptsOf(flaky)).as("not due yet").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    flush();
    assertThat(publisher.attemptsOf(flaky)).isEqualTo(2);
    assertThat(pending(flaky).orElseThrow().nextAttemptAt())
        .as("the wait doubles")
        .isEqualTo(clock.instant().plusSeconds(60));

    clock.advance(Duration.ofSeconds(60));
    publisher.answer("flaky", ACCEPT);
    Outbox last = flush();

    assertThat(last.published()).containsExactly(flaky);
    assertThat(pending(flaky)).isEmpty();
    AlertRecord published = record(flaky);
    assertThat(published.attempts()).isEqualTo(2);
    assertThat(published.messageId()).contains("msg-" + flaky);
    assertThat(published.publishedAt()).contains(clock.instant());
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void theWaitBetweenRetriesIsCapped() {
    assertThat(settings.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.retryAfter(2)).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.retryAfter(4)).isEqualTo(Duration.ofMinutes(4));
    assertThat(settings.retryAfter(7)).isEqualTo(Duration.ofMinutes(30));
    assertThat(settings.retryAfter(1000)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void anAlertUndeliverableForMaxAgeIsDeadLettered() {
    String flaky = pendingAlert("flaky");
    Instant created = pending(flaky).orElseThrow().createdAt();
    publisher.answer("flaky", FAIL_TRANSIENTLY);

    clock.set(created.plus(settings.maxAge()).minusSeconds(60));
    Outbox young = flush();
    assertThat(young.pending()).containsExactly(flaky);
    assertThat(young.deadLettered()).isEmpty();

    clock.set(created.plus(settings.maxAge()));
    Outbox old = flush();

    assertThat(old.deadLettered()).containsExactly(flaky);
    assertThat(pending(flaky)).isEmpty();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .startsWith("undeliverable for 1440 min (2 attempts)")
                    .contains("SNS throttled"));
    assertThat(deadLetters().get(0).attempts()).isEqualTo(2);
    assertThat(record(flaky).lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("SNS throttled"));
  }

  @Test
  void theBacklogIsReadEarliestDueFirstAndAFailedAlertMovesBehind() {
    String a = pendingAlert("a");
    clock.advance(Duration.ofSeconds(1));
    String b = pendingAlert("b");
    clock.advance(Duration.ofSeconds(1));
    String c = pendingAlert("c");
    publisher.answer("a", FAIL_TRANSIENTLY);

    clock.advance(Duration.ofSeconds(1));
    flush();
    assertThat(publisher.attempts()).containsExactly(a, b, c);

    clock.advance(Duration.ofSeconds(7));
    String d = pendingAlert("d");
    publisher.answer("a", ACCEPT);
    clock.advance(Duration.ofSeconds(30));
    flush();

    assertThat(publisher.attempts())
        .as("d was written after a, but a failed and is due later")
        .containsExactly(a, b, c, d, a);
  }

  @Test
  void aFlushReadsAtMostMaxPerFlushAlertsTheEarliestDue() {
    settings =
        new OutboxSettings(
            Duration.ofSeconds(10),
            3,
            Duration.ofHours(24),
            Duration.ofSeconds(30),
            Duration.ofMinutes(30),
            3,
            2,
            1);
    String a = pendingAlert("a");
    clock.advance(Duration.ofSeconds(1));
    String b = pendingAlert("b");
    clock.advance(Duration.ofSeconds(1));
    String c = pendingAlert("c");

    flush();
    assertThat(publisher.attempts()).containsExactly(a, b);

    flush();
    assertThat(publisher.attempts()).containsExactly(a, b, c);
  }

  @Test
  void transientFailuresInARowTripTheRunsBreakerAndTheRestStaysDueAsItWas() {
    settings = settings.withBreakerThreshold(2);
    List<String> backlog =
        List.of(pendingAlert("t1"), pendingAlert("t2"), pendingAlert("t3"), pendingAlert("t4"));
    for (String t : List.of("t1", "t2", "t3", "t4")) {
      publisher.answer(t, FAIL_TRANSIENTLY);
    }
    List<Instant> dueBefore =
        backlog.stream().map(id -> pending(id).orElseThrow().nextAttemptAt()).toList();

    Outbox outbox = run();
    outbox.flushDue(clock.instant().plusSeconds(60));
    Transition fresh = opened("fresh");
    outbox.publishFresh(fresh.incidentId(), fresh.number(), HistoryWriter.message(fresh));

    assertThat(publisher.attempts()).containsExactly(backlog.get(0), backlog.get(1));
    assertThat(outbox.errors())
        .anySatisfy(e -> assertThat(e).startsWith("2 publications failed in a row"));
    assertThat(outbox.pending()).containsAll(backlog).contains(fresh.alertId());
    assertThat(pending(backlog.get(2)).orElseThrow().attempts()).isZero();
    assertThat(pending(backlog.get(3)).orElseThrow().nextAttemptAt()).isEqualTo(dueBefore.get(3));
    assertThat(pending(fresh.alertId())).as("kept for the next run").isPresent();

    // The breaker belongs to the run: the next one tries again.
    for (String t : List.of("t1", "t2", "t3", "t4")) {
      publisher.answer(t, ACCEPT);
    }
    Outbox next = flush();
    assertThat(next.published())
        .as("t1 and t2 wait for their retry; the others are due")
        .containsExactly(backlog.get(2), backlog.get(3), fresh.alertId());
  }

  @Test
  void aSuccessBreaksTheRun() {
    settings = settings.withBreakerThreshold(2);
    List<String> backlog =
        List.of(pendingAlert("t1"), pendingAlert("ok1"), pendingAlert("t2"), pendingAlert("ok2"));
    publisher.answer("t1", FAIL_TRANSIENTLY).answer("t2", FAIL_TRANSIENTLY);

    Outbox outbox = flush();

    assertThat(publisher.attempts()).containsExactlyElementsOf(backlog);
    assertThat(outbox.published()).containsExactly(backlog.get(1), backlog.get(3));
  }

  @Test
  void refusalsNeverTripTheBreaker() {
    settings = settings.withBreakerThreshold(2);
    List<String> refused = List.of(pendingAlert("r1"), pendingAlert("r2"), pendingAlert("r3"));
    String ok = pendingAlert("ok");
    for (String t : List.of("r1", "r2", "r3")) {
      publisher.answer(t, REFUSE_FOR_GOOD);
    }

    Outbox outbox = flush();

    assertThat(publisher.attempts())
        .containsExactly(refused.get(0), refused.get(1), refused.get(2), ok);
    assertThat(outbox.published()).containsExactly(ok);
    assertThat(outbox.errors()).noneSatisfy(e -> assertThat(e).contains("in a row"));
  }

  @Test
  void aFreshAlertIsSentAtOnceNeverBehindTheBacklog() {
    // SNS is slow: each publication takes 10 s. The backlog gets a fifth of the run first.
    publisher.takes(Duration.ofSeconds(10));
    List<String> backlog = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      backlog.add(pendingAlert("old-" + i));
      clock.advance(Duration.ofMillis(1));
    }
    Instant start = clock.instant();
    Outbox outbox = run();

    outbox.flushDue(start.plusSeconds(12));
    Transition fresh = opened("fresh");
    outbox.publishFresh(fresh.incidentId(), fresh.number(), HistoryWriter.message(fresh));
    outbox.flushDue(start.plusSeconds(60));

    assertThat(publisher.accepted())
        .containsExactly(
            backlog.get(0),
            backlog.get(1),
            fresh.alertId(),
            backlog.get(2),
            backlog.get(3),
            backlog.get(4));
    assertThat(outbox.pending()).containsExactly(backlog.get(5));
    assertThat(pending(backlog.get(5))).isPresent();
  }
}
