package dev.probefleet.infra;

import dev.probefleet.aws.StoreBackend;
import dev.probefleet.localstack.AwsEmulator;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.TargetRegistryContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The targets registry's contract on the targets table the synthesized home stack created. */
@ExtendWith(AwsEmulatorExtension.class)
class TargetsOnTheHomeStackIT extends TargetRegistryContract {
  private static StoreBackend backend;

  @BeforeAll
  static void deploy(AwsEmulator emulator) throws InterruptedException {
    HomeDataPlane stack = HomeDataPlane.deploy(emulator);
    backend =
        new StoreBackend(
            emulator.configure(DynamoDbClient.builder()).build(), stack.names()::table);
  }

  @Override
  protected TargetRegistry registry() {
    return backend.registry();
  }
}
