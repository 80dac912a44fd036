package dev.probefleet.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.contract.RoundStoreContract;
import dev.probefleet.store.contract.Samples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The round store contract in memory, and the window of slots it keeps. */
class InMemoryRoundStoreTest extends RoundStoreContract {
  private final InMemoryRoundStore rounds = new InMemoryRoundStore();

  @Override
  protected RoundStore rounds() {
    return rounds;
  }

  @Test
  void keepsEachTargetsNewestSlotsOnlySoALongRunDoesNotGrowWithoutBound() {
    InMemoryRoundStore store = new InMemoryRoundStore(3);
    Instant start = Instant.parse("2026-12-05T10:00:00Z");
    for (int minute = 0; minute < 10; minute++) {
      String slot = start.plusSeconds(60L * minute).toString();
      List<RoundRecord> written = new ArrayList<>();
      written.add(Samples.round("shop", slot, "us-east-1", 200));
      written.add(Samples.round("shop", slot, "eu-west-1", 200));
      written.add(Samples.round("blog", slot, "us-east-1", 200));
      store.write(written, Instant.now().plusSeconds(5));
    }

    assertThat(store.all()).hasSize(3 * 3);
    assertThat(store.latest("shop", 10))
        .extracting(r -> r.slot().id())
        .containsExactly(
            Samples.slot("2026-12-05T10:09:00Z").id(),
            Samples.slot("2026-12-05T10:09:00Z").id(),
            Samples.slot("2026-12-05T10:08:00Z").id(),
            Samples.slot("2026-12-05T10:08:00Z").id(),
            Samples.slot("2026-12-05T10:07:00Z").id(),
            Samples.slot("2026-12-05T10:07:00Z").id());

    // a late round, older than the oldest slot kept, is not kept
    store.write(
        List.of(Samples.round("shop", "2026-12-05T10:01:00Z", "ap-southeast-2", 200)),
        Instant.now().plusSeconds(5));
    assertThat(store.slot("shop", Samples.slot("2026-12-05T10:01:00Z"), Instant.now())).isEmpty();
    assertThat(store.all()).hasSize(3 * 3);
  }

  @Test
  void aWindowOfNoSlotIsRefused() {
    assertThatThrownBy(() -> new InMemoryRoundStore(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1, got 0");
  }
}
