package dev.probefleet.store.memory;

import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.TargetRegistryContract;

/** The targets registry contract in memory. */
class InMemoryTargetRegistryTest extends TargetRegistryContract {
  @Override
  protected TargetRegistry registry() {
    return new InMemoryTargetRegistry();
  }
}
