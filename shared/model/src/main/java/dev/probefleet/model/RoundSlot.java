package dev.probefleet.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The schedule slot a round belongs to — the minute (or other period) it was scheduled for, not the
 * clock reading of whoever ran it. Regions with skewed clocks and retried invocations land in the
 * same slot.
 *
 * @param start start of the slot, a multiple of {@code period} since the epoch
 * @param period the schedule's period
 */
public record RoundSlot(Instant start, Duration period) implements Comparable<RoundSlot> {
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  public RoundSlot {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
    if (Math.floorMod(start.toEpochMilli(), period.toMillis()) != 0
        || start.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(start + " is not the start of a " + period + " slot");
    }
  }

  /** The slot containing an instant (for a scheduled event: its scheduled time). */
  public static RoundSlot containing(Instant instant, Duration period) {
    long p = period.toMillis();
    if (p <= 0) {
      throw new IllegalArgumentException("period must be at least 1 ms: " + period);
    }
    long ms = instant.toEpochMilli();
    return new RoundSlot(Instant.ofEpochMilli(ms - Math.floorMod(ms, p)), period);
  }

  /** Sortable id, e.g. {@code 2026-11-24T09:01:00Z}; equal ids sort equal as strings. */
  public String id() {
    return ID.format(start);
  }

  /** The slot after this one. */
  public RoundSlot next() {
    return new RoundSlot(start.plus(period), period);
  }

  /** The slot before this one. */
  public RoundSlot previous() {
    return new RoundSlot(start.minus(period), period);
  }

  @Override
  public int compareTo(RoundSlot other) {
    return start.compareTo(other.start);
  }

  @Override
  public String toString() {
    return id();
  }
}
