package dev.probefleet.infra;

import dev.probefleet.aws.StoreBackend;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.IncidentStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The incident store's contract (history, indexes, outbox, state) on the incidents table and its
 * indexes as the synthesized home stack created them.
 */
@ExtendWith(AwsEmulatorExtension.class)
class IncidentsOnTheHomeStackIT extends IncidentStoreContract {
  private static StoreBackend backend;

  @BeforeAll
  static void deploy(AwsEmulator emulator) throws InterruptedException {
    HomeDataPlane stack = HomeDataPlane.deploy(emulator);
    backend =
        new StoreBackend(
            emulator.configure(DynamoDbClient.builder()).build(), stack.names()::table);
  }

  @Override
  protected IncidentStore store() {
    return backend.incidents();
  }

  @Override
  protected RoundStore rounds() {
    return backend.rounds(50);
  }

  @Override
  protected TargetRegistry registry() {
    return backend.registry();
  }
}
