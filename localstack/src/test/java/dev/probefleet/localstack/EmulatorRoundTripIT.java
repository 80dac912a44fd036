package dev.probefleet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The emulator this run chose (see the log line "AWS emulator: …"), as every IT gets it. */
@ExtendWith(AwsEmulatorExtension.class)
class EmulatorRoundTripIT {

  @Test
  void theBootstrapCreatesEveryTableAsDefined(EmulatedAws aws) {
    EmulatorScenarios.tablesMatchTheirDefinitions(aws);
  }

  @Test
  void anItemPutInABootstrappedTableComesBackFromAQuery(EmulatedAws aws) {
    EmulatorScenarios.putAndQuery(aws);
  }

  @Test
  void snsDeliversToEveryQueueAndHonoursFilterPolicies(EmulatedAws aws) {
    EmulatorScenarios.snsFansOutToQueuesHonouringFilterPolicies(aws);
  }

  @Test
  void theBootstrapIsIdempotent(EmulatedAws aws) {
    try (EmulatedAws again = EmulatedAws.provision(aws.emulator(), aws.names().prefix())) {
      assertThat(again.resources()).isEqualTo(aws.resources());
    }
  }

  @Test
  void eachTestClassGetsItsOwnTables(AwsEmulator emulator, EmulatedAws aws) {
    assertThat(aws.emulator()).isSameAs(emulator);
    assertThat(aws.names().prefix()).startsWith("it-");
  }
}
