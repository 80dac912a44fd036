package dev.probefleet.probing;

import java.time.Duration;
import java.util.Objects;

/**
 * How a scheduled round is run.
 *
 * @param confirm whether failing paths get the fast confirmation: probed once more within the same
 *     invocation, so a hard failure counts twice towards opening an incident and a blip once
 * @param confirmationDelay the back-off before the confirmation (a few seconds: long enough for a
 *     blip to pass, short enough that a real outage is detected within one interval + 15 s)
 * @param confirmationMinimum the least time the confirmation must have before the probe deadline;
 *     with less left it is skipped (the round stays unconfirmed, which only delays detection)
 * @param writeReserve time kept from the caller's deadline to write the rounds: probing stops that
 *     much earlier
 */
public record ProbeSettings(
    boolean confirm,
    Duration confirmationDelay,
    Duration confirmationMinimum,
    Duration writeReserve) {

  /** Confirm after 3 s if at least 2 s are left; keep 5 s for writing. */
  public static final ProbeSettings DEFAULT =
      new ProbeSettings(true, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(5));

  public ProbeSettings {
    Objects.requireNonNull(confirmationDelay, "confirmationDelay");
    Objects.requireNonNull(confirmationMinimum, "confirmationMinimum");
    Objects.requireNonNull(writeReserve, "writeReserve");
    for (Duration d : new Duration[] {confirmationDelay, confirmationMinimum, writeReserve}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("probe settings take no negative duration: " + d);
      }
    }
  }

  public ProbeSettings withConfirmation(boolean value, Duration delay) {
    return new ProbeSettings(value, delay, confirmationMinimum, writeReserve);
  }

  public ProbeSettings withWriteReserve(Duration value) {
    return new ProbeSettings(confirm, confirmationDelay, confirmationMinimum, value);
  }
}
