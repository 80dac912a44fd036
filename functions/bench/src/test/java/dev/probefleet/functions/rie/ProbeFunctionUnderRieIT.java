package dev.probefleet.functions.rie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.Tables;
import dev.probefleet.lab.Lab;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged probe function ({@code probefleet-probe-function.zip}) run as Lambda runs it: under
 * aws-lambda-rie, through the runtime interface client, configured by environment variables only,
 * against the AWS emulator's tables. One lab target (CDN, HTTPS load balancer, origin; names
 * resolved by the lab's DNS server) is in the registry; one EventBridge Scheduler invocation probes
 * it and writes its round to the home region's rounds table.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ProbeFunctionUnderRieIT {

  @Test
  void aScheduledInvocationProbesTheRegistryAndWritesTheRoundToTheHomeTable(EmulatedAws aws) {
    String region = "eu-west-1";
    RoundSlot slot = RoundSlot.containing(Instant.now(), Duration.ofMinutes(1));
    try (Lab lab = Lab.builder().lbTls().start()) {
      new DynamoTargetRegistry(
              aws.dynamoDb(),
              aws.resources().table(Tables.TARGETS),
              Retrier.standard(),
              Clock.systemUTC())
          .apply(List.of(lab.target()), true);

      try (LambdaEmulator function =
          LambdaEmulator.builder(FunctionPackage.probe())
              .region(region)
              .memoryMb(512)
              .timeout(Duration.ofSeconds(60))
              .environment(FunctionEnvironments.onEmulator(aws))
              .environment("PROBEFLEET_PROBE_RESOLVER", "127.0.0.1:" + lab.dnsServer().getPort())
              .start()) {
        Invocation invocation = function.invoke(ScheduledInputs.scheduler("0/1", slot.start()));

        assertThat(invocation.errorType()).as(invocation.body()).isEmpty();
        JsonNode summary = invocation.result();
        assertThat(summary.path("region").asText()).isEqualTo(region);
        assertThat(summary.path("shard").asText()).isEqualTo("0/1");
        assertThat(summary.path("slot").asText()).isEqualTo(slot.id());
        assertThat(summary.path("targets").asInt()).isEqualTo(1);
        assertThat(summary.path("paths").asInt()).isEqualTo(3);
        assertThat(summary.path("failing").asInt()).as(summary.toString()).isZero();
        assertThat(summary.path("unprobed").asInt()).isZero();
        assertThat(summary.path("written").asInt()).isEqualTo(1);
        assertThat(summary.path("complete").asBoolean()).isTrue();
        assertThat(function.initDuration()).as("INIT REPORT in the emulator's log").isPresent();
        assertThat(function.log()).contains("\"PathsProbed\":3");
        assertThat(function.log())
            .as("the probe client primed while the function initialised")
            .containsPattern("primed probe client before init in \\d+ ms");
        // The package carries the native crypto provider, and it loads under the Lambda runtime
        // (this machine is x86_64: the package's native library is that platform's).
        assertThat(function.log()).contains("native crypto: AmazonCorrettoCryptoProvider");
        assertThat(summary.path("prober").path("retried").isInt()).as(summary.toString()).isTrue();
        assertThat(summary.path("prober").path("overloaded").asInt()).isZero();
      }

      List<RoundRecord> stored =
          new DynamoRoundStore(
                  aws.dynamoDb(),
                  aws.resources().table(Tables.ROUNDS),
                  Duration.ofDays(7),
                  Retrier.standard())
              .slot(lab.target().name(), slot, Instant.now().plusSeconds(10));
      assertThat(stored).extracting(RoundRecord::region).containsExactly(region);
      RoundRecord round = stored.get(0);
      assertThat(round.observations())
          .extracting(PathObservation::path)
          .containsExactlyInAnyOrder(PathKind.CDN, PathKind.LB, PathKind.ORIGIN);
      assertThat(round.observations())
          .allSatisfy(
              o -> assertThat(o.representative().failureClass()).isEqualTo(FailureClass.OK));
      PathObservation lb =
          round.observations().stream().filter(o -> o.path() == PathKind.LB).findFirst().get();
      assertThat(lb.url()).startsWith("https://");
      assertThat(lb.representative().tls()).as("the lb path's TLS session").isPresent();
    }
  }
}
