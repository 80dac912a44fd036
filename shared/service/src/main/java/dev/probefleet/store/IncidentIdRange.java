package dev.probefleet.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A time range as a range of incident ids. Incident ids are ULIDs: 26 Crockford base-32 characters,
 * the first 10 of which encode the milliseconds of the slot the incident opened at. So "opened in
 * [since, until)" is "id between the smallest id of since's millisecond and the largest id of the
 * millisecond before until" — a key condition on the indexes' sort key, not a filter. Every store
 * uses it, so "opened in [since, until)" means the same everywhere.
 *
 * @param lowest the smallest id in range
 * @param highest the largest id in range
 */
public record IncidentIdRange(String lowest, String highest) {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long MAX_TIME = (1L << 48) - 1;
  private static final String LOWEST_RANDOM = "0".repeat(16);
  private static final String HIGHEST_RANDOM = "Z".repeat(16);

  /** The ids of incidents opened in [{@code since}, {@code until}); open ends are unbounded. */
  public static IncidentIdRange of(Optional<Instant> since, Optional<Instant> until) {
    long from =
        since.map(Instant::toEpochMilli).map(ms -> Math.min(MAX_TIME, Math.max(0, ms))).orElse(0L);
    long to = until.map(Instant::toEpochMilli).map(ms -> ms - 1).orElse(MAX_TIME);
    return new IncidentIdRange(
        time(from) + LOWEST_RANDOM, to < 0 ? "" : time(Math.min(MAX_TIME, to)) + HIGHEST_RANDOM);
  }

  /** Whether an id is in the range. */
  public boolean contains(String incidentId) {
    return incidentId.compareTo(lowest) >= 0 && incidentId.compareTo(highest) <= 0;
  }

  /** Whether no id can be in the range (DynamoDB refuses a BETWEEN whose bounds are reversed). */
  public boolean empty() {
    return lowest.compareTo(highest) > 0;
  }

  /** The 10 time characters of a ULID. */
  public static String time(long epochMillis) {
    char[] out = new char[10];
    long value = epochMillis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (value & 31)];
      value >>>= 5;
    }
    return new String(out);
  }
}
