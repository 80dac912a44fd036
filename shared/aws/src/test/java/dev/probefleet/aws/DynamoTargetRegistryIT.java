package dev.probefleet.aws;

import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.TargetRegistryContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The targets registry on the AWS emulator, over HTTP. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoTargetRegistryIT extends TargetRegistryContract {
  private static StoreBackend backend;

  @BeforeAll
  static void emulator(EmulatedAws aws) {
    backend = new StoreBackend(aws.dynamoDb(), t -> aws.resources().table(t));
  }

  @Override
  protected TargetRegistry registry() {
    return backend.registry();
  }
}
