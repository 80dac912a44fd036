package dev.probefleet.local;

import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.IncidentStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The incident store contract (and the analyzer on it) on the local mode's DynamoDB Local. */
class LocalIncidentStoreIT extends IncidentStoreContract {
  @TempDir static Path data;
  private static LocalBackend local;

  @BeforeAll
  static void open() {
    local = new LocalBackend(data);
  }

  @AfterAll
  static void close() {
    local.close();
  }

  @Override
  protected IncidentStore store() {
    return local.backend().incidents();
  }

  @Override
  protected RoundStore rounds() {
    return local.backend().rounds(50);
  }

  @Override
  protected TargetRegistry registry() {
    return local.backend().registry();
  }
}
