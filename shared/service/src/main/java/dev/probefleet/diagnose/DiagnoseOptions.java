package dev.probefleet.diagnose;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code probefleet diagnose} runs.
 *
 * @param rounds rounds to probe, at least 1
 * @param interval time from the start of one round to the start of the next
 * @param region the region name the probes run as (for {@code probeFrom}); {@code local} on a
 *     laptop
 * @param roundBudget the longest a round may take (its probes' deadline)
 */
public record DiagnoseOptions(int rounds, Duration interval, String region, Duration roundBudget) {
  /** One round, as {@code local}, 10 s between rounds, at most 60 s per round. */
  public static final DiagnoseOptions DEFAULT =
      new DiagnoseOptions(1, Duration.ofSeconds(10), "local", Duration.ofSeconds(60));

  public DiagnoseOptions {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(roundBudget, "roundBudget");
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be at least 1 ms, got " + interval);
    }
  }

  public DiagnoseOptions withRounds(int value) {
    return new DiagnoseOptions(value, interval, region, roundBudget);
  }

  public DiagnoseOptions withInterval(Duration value) {
    return new DiagnoseOptions(rounds, value, region, roundBudget);
  }

  public DiagnoseOptions withRegion(String value) {
    return new DiagnoseOptions(rounds, interval, value, roundBudget);
  }
}
