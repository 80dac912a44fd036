package dev.probefleet.local;

import dev.probefleet.aws.IncidentStoreContract;
import dev.probefleet.aws.StoreBackend;
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
  protected StoreBackend backend() {
    return local.backend();
  }
}
