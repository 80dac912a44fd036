package dev.probefleet.store.memory;

import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.IncidentStoreContract;
import java.time.Clock;

/** The incident store contract (and the analyzer on it) in memory. */
class InMemoryIncidentStoreTest extends IncidentStoreContract {
  private final InMemoryIncidentStore store = new InMemoryIncidentStore(Clock.systemUTC());
  private final InMemoryRoundStore rounds = new InMemoryRoundStore();
  private final InMemoryTargetRegistry registry = new InMemoryTargetRegistry();

  @Override
  protected IncidentStore store() {
    return store;
  }

  @Override
  protected RoundStore rounds() {
    return rounds;
  }

  @Override
  protected TargetRegistry registry() {
    return registry;
  }
}
