package dev.probefleet.analyzer;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the outbox tries, and when it gives an alert up.
 *
 * @param publishBudget the most time one publication may take, retries included: an SNS outage must
 *     not eat the invocation
 * @param permanentAttempts tries after which an alert the transport refuses for good (too large,
 *     invalid) is dead-lettered; more than one guards against a refusal misread as permanent
 * @param maxAge how long an alert may stay undeliverable (transient failures) before it is
 *     dead-lettered: an alert a day late helps nobody and only hides the ones behind it
 * @param retryBase the wait before the first retry of a failed alert, doubled per attempt: below
 *     the schedule's period, so the next run tries again
 * @param retryCap the longest wait between two retries
 * @param breakerThreshold transient failures in a row after which a run stops publishing (the
 *     transport is down): what is left stays pending, due as it was. Permanent refusals do not
 *     count — they say the transport is up
 * @param maxPerFlush the most pending alerts one flush of the backlog reads
 * @param concurrency publications in flight at once
 */
public record OutboxSettings(
    Duration publishBudget,
    int permanentAttempts,
    Duration maxAge,
    Duration retryBase,
    Duration retryCap,
    int breakerThreshold,
    int maxPerFlush,
    int concurrency) {

  /**
   * 10 s per publication; 3 tries for a refusal; 24 h at most; retries after 30 s (so the next
   * minute's run tries again), doubling up to 30 min.
   */
  public static final OutboxSettings DEFAULT =
      new OutboxSettings(
          Duration.ofSeconds(10),
          3,
          Duration.ofHours(24),
          Duration.ofSeconds(30),
          Duration.ofMinutes(30),
          5,
          500,
          8);

  public OutboxSettings {
    Objects.requireNonNull(publishBudget, "publishBudget");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(retryCap, "retryCap");
    if (publishBudget.isNegative() || publishBudget.isZero()) {
      throw new IllegalArgumentException("publishBudget must be positive: " + publishBudget);
    }
    if (permanentAttempts < 1) {
      throw new IllegalArgumentException("permanentAttempts must be at least 1");
    }
    if (breakerThreshold < 1) {
      throw new IllegalArgumentException("breakerThreshold must be at least 1");
    }
    if (maxPerFlush < 1 || concurrency < 1) {
      throw new IllegalArgumentException("maxPerFlush and concurrency must be at least 1");
    }
    if (retryBase.isNegative() || retryCap.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("the retry waits need 0 <= retryBase <= retryCap");
    }
  }

  /** The wait after the {@code attempts}-th failure: base × 2^(attempts-1), at most the cap. */
  public Duration retryAfter(int attempts) {
    Duration wait = retryBase.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return wait.compareTo(retryCap) > 0 ? retryCap : wait;
  }

  public OutboxSettings withPublishBudget(Duration value) {
    return new OutboxSettings(
        value,
        permanentAttempts,
        maxAge,
        retryBase,
        retryCap,
        breakerThreshold,
        maxPerFlush,
        concurrency);
  }

  public OutboxSettings withBreakerThreshold(int value) {
    return new OutboxSettings(
        publishBudget,
        permanentAttempts,
        maxAge,
        retryBase,
        retryCap,
        value,
        maxPerFlush,
        concurrency);
  }

  public OutboxSettings withRetry(Duration base, Duration cap) {
    return new OutboxSettings(
        publishBudget,
        permanentAttempts,
        maxAge,
        base,
        cap,
        breakerThreshold,
        maxPerFlush,
        concurrency);
  }

  public OutboxSettings withMaxAge(Duration value) {
    return new OutboxSettings(
        publishBudget,
        permanentAttempts,
        value,
        retryBase,
        retryCap,
        breakerThreshold,
        maxPerFlush,
        concurrency);
  }
}
