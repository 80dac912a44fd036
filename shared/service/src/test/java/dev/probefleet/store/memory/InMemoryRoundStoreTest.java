package dev.probefleet.store.memory;

import dev.probefleet.store.RoundStore;
import dev.probefleet.store.contract.RoundStoreContract;

/** The round store contract in memory. */
class InMemoryRoundStoreTest extends RoundStoreContract {
  private final InMemoryRoundStore rounds = new InMemoryRoundStore();

  @Override
  protected RoundStore rounds() {
    return rounds;
  }
}
