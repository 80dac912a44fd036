package dev.probefleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.incident.Incidents;
import dev.probefleet.model.RoundSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Time ranges as id ranges agree with the ids the incident state machine gives. */
class IncidentIdRangeTest {
  private static final RoundSlot SLOT =
      new RoundSlot(Instant.parse("2026-11-24T09:01:00Z"), Duration.ofMinutes(1));
  private static final String ID = Incidents.incidentId("shop", SLOT);

  private static boolean within(Instant since, Instant until) {
    IncidentIdRange range =
        IncidentIdRange.of(Optional.ofNullable(since), Optional.ofNullable(until));
    return ID.compareTo(range.lowest()) >= 0 && ID.compareTo(range.highest()) <= 0;
  }

  @Test
  void anIncidentIsInTheRangesContainingTheSlotItOpenedAt() {
    Instant at = SLOT.start();
    assertThat(within(at, at.plusMillis(1))).isTrue();
    assertThat(within(at.minusSeconds(3600), at.plusSeconds(3600))).isTrue();
    assertThat(within(null, at.plusMillis(1))).isTrue();
    assertThat(within(at, null)).isTrue();
    assertThat(within(null, null)).isTrue();
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    Instant at = SLOT.start();
    assertThat(within(at.plusMillis(1), null)).isFalse();
    assertThat(within(null, at)).isFalse();
    assertThat(within(at.minusSeconds(60), at)).isFalse();
  }

  @Test
  void theTimePrefixSortsLikeTime() {
    assertThat(IncidentIdRange.time(SLOT.start().toEpochMilli())).isEqualTo(ID.substring(0, 10));
    assertThat(IncidentIdRange.time(1)).isGreaterThan(IncidentIdRange.time(0));
    assertThat(IncidentIdRange.time(1L << 40)).isGreaterThan(IncidentIdRange.time((1L << 40) - 1));
  }

  @Test
  void aRangeEndingAtOrBeforeTheEpochIsEmpty() {
    assertThat(IncidentIdRange.of(Optional.empty(), Optional.of(Instant.EPOCH)).empty()).isTrue();
    assertThat(
            IncidentIdRange.of(Optional.empty(), Optional.of(Instant.EPOCH.plusMillis(1))).empty())
        .isFalse();
  }
}
