package dev.probefleet.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void idsAreVersion4UuidsUniqueWithinARound() {
    RequestIds ids = RequestIds.random();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = ids.next();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void everyRoundDrawsItsOwnRandomBits() {
    assertThat(RequestIds.random().next()).isNotEqualTo(RequestIds.random().next());
  }

  @Test
  void theCounterWrapsWithinTheLowBitsWithoutTouchingTheVariant() {
    RequestIds ids = RequestIds.fixed(0, -2L);
    for (int i = 0; i < 4; i++) {
      UUID uuid = UUID.fromString(ids.next());
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.version()).isEqualTo(4);
    }
  }
}
