package dev.probefleet.local;

import dev.probefleet.store.RoundStore;
import dev.probefleet.store.contract.RoundStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The round store contract on the local mode's DynamoDB Local. */
class LocalRoundStoreIT extends RoundStoreContract {
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
  protected RoundStore rounds() {
    return local.backend().rounds(2);
  }
}
