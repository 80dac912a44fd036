package dev.probefleet.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.RoundSlot;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Incident ids are ULIDs: time-sortable, and the same for the same target and opening slot. */
class IncidentIdsTest {
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final RoundSlot SLOT =
      new RoundSlot(Instant.parse("2026-11-24T09:01:00Z"), Duration.ofMinutes(1));

  @Test
  void anIdIsAUlidWhoseTimeIsTheOpeningSlot() {
    String id = Incidents.incidentId("shop", SLOT);
    assertThat(id).hasSize(26).matches("[" + CROCKFORD + "]{26}");
    assertThat(decodeTime(id)).isEqualTo(SLOT.start().toEpochMilli());
  }

  @Test
  void theSameInputsGiveTheSameId() {
    assertThat(Incidents.incidentId("shop", SLOT)).isEqualTo(Incidents.incidentId("shop", SLOT));
  }

  @Test
  void otherTargetsOrSlotsGiveOtherIds() {
    String shop = Incidents.incidentId("shop", SLOT);
    assertThat(Incidents.incidentId("blog", SLOT)).isNotEqualTo(shop);
    assertThat(Incidents.incidentId("shop", SLOT.next())).isNotEqualTo(shop);
    // Same time part, different hashed part.
    assertThat(Incidents.incidentId("blog", SLOT)).startsWith(shop.substring(0, 10));
  }

  @Test
  void idsSortByTheirOpeningTime() {
    String earlier = Incidents.incidentId("zzz", SLOT);
    String later = Incidents.incidentId("aaa", SLOT.next());
    assertThat(later).isGreaterThan(earlier);
  }

  private static long decodeTime(String id) {
    long time = 0;
    for (int i = 0; i < 10; i++) {
      time = time * 32 + CROCKFORD.indexOf(id.charAt(i));
    }
    return time;
  }
}
