package dev.probefleet.aws;

import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.IncidentStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The incident store on the AWS emulator, over HTTP. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoIncidentStoreIT extends IncidentStoreContract {
  private static StoreBackend backend;

  @BeforeAll
  static void emulator(EmulatedAws aws) {
    backend = new StoreBackend(aws.dynamoDb(), t -> aws.resources().table(t));
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
