package dev.probefleet.store.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test moves it: time-outs, back-offs, TTLs and grace periods are
 * played in microseconds. Thread-safe (the services read it from their worker threads).
 */
public final class ManualClock extends Clock {
  private volatile Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock forward. */
  public synchronized ManualClock advance(Duration by) {
    now = now.plus(by);
    return this;
  }

  /** Sets the clock. */
  public ManualClock set(Instant at) {
    now = at;
    return this;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock stays in UTC");
  }
}
