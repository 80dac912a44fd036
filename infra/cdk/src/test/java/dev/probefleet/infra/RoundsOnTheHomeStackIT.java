package dev.probefleet.infra;

import dev.probefleet.aws.StoreBackend;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.contract.RoundStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The round store's contract on the rounds table the synthesized home stack created. */
@ExtendWith(AwsEmulatorExtension.class)
class RoundsOnTheHomeStackIT extends RoundStoreContract {
  private static StoreBackend backend;

  @BeforeAll
  static void deploy(AwsEmulator emulator) throws InterruptedException {
    HomeDataPlane stack = HomeDataPlane.deploy(emulator);
    backend =
        new StoreBackend(
            emulator.configure(DynamoDbClient.builder()).build(), stack.names()::table);
  }

  @Override
  protected RoundStore rounds() {
    return backend.rounds(2);
  }
}
