package dev.probefleet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.testing.RequiredTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Testcontainers path, forced: LocalStack ({@code localstack/localstack:4.14} unless
 * overridden) passes the same scenarios. Skipped, with the reason, where no Docker engine is
 * reachable — also under {@code CI=true}, unlike the tests whose programs {@code .ci/run} installs:
 * CI machines have no Docker by design, and {@link MotoProcessIT} runs the same scenarios on the
 * emulator process there.
 */
class LocalStackContainerIT {
  private static AwsEmulator localStack;
  private static EmulatedAws aws;

  @BeforeAll
  static void start() {
    // Asks Testcontainers nothing where there is no sign of Docker: no screen of connection errors.
    RequiredTool.skipEvenOnCi(
        "a Docker engine",
        DockerAvailability.instance().unavailableReason(),
        "CI machines have no Docker by design; MotoProcessIT runs the same scenarios on the"
            + " emulator process");
    localStack = AwsEmulators.startLocalStack();
    aws = EmulatedAws.provision(localStack);
  }

  @AfterAll
  static void stop() {
    if (aws != null) {
      aws.close();
    }
    if (localStack != null) {
      localStack.close();
    }
  }

  @Test
  void servesTheScenarios() {
    assertThat(localStack.kind()).isEqualTo(AwsEmulator.Kind.LOCALSTACK_CONTAINER);
    EmulatorScenarios.tablesMatchTheirDefinitions(aws);
    EmulatorScenarios.putAndQuery(aws);
    EmulatorScenarios.snsFansOutToQueuesHonouringFilterPolicies(aws);
  }
}
