package dev.probefleet.local;

import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.TargetRegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The targets registry contract on the local mode's DynamoDB Local. */
class LocalTargetRegistryIT extends TargetRegistryContract {
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
  protected TargetRegistry registry() {
    return local.backend().registry();
  }
}
