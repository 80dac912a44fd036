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
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cold-start benchmark's baseline does the framework function's work: the plain probe handler,
 * packaged and run like the real function, probes the same registry and writes the same round, and
 * answers the same summary. A malformed input comes back as Lambda reports a function error (HTTP
 * 200 with an {@code errorType}), naming the field.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PlainProbeHandlerUnderRieIT {

  @Test
  void probesTheRegistryLikeTheProbeFunctionAndRejectsAMalformedShard(EmulatedAws aws) {
    String region = "us-west-2";
    RoundSlot slot = RoundSlot.containing(Instant.now(), Duration.ofMinutes(1));
    try (Lab lab = Lab.builder().lbTls().start();
        LambdaEmulator function =
            LambdaEmulator.builder(FunctionPackage.plainProbe())
                .region(region)
                .environment(FunctionEnvironments.onEmulator(aws))
                .environment("PROBEFLEET_PROBE_RESOLVER", "127.0.0.1:" + lab.dnsServer().getPort())
                .start()) {
      new DynamoTargetRegistry(
              aws.dynamoDb(),
              aws.resources().table(Tables.TARGETS),
              Retrier.standard(),
              Clock.systemUTC())
          .apply(List.of(lab.target()), true);

      Invocation first = function.invoke(ScheduledInputs.scheduler("0/1", slot.start()));
      JsonNode summary = first.result();
      assertThat(summary.path("region").asText()).isEqualTo(region);
      assertThat(summary.path("slot").asText()).isEqualTo(slot.id());
      assertThat(summary.path("targets").asInt()).isEqualTo(1);
      assertThat(summary.path("paths").asInt()).isEqualTo(3);
      assertThat(summary.path("failing").asInt()).as(summary.toString()).isZero();
      assertThat(summary.path("written").asInt()).isEqualTo(1);
      assertThat(summary.path("complete").asBoolean()).isTrue();
      assertThat(function.log()).contains("\"PathsProbed\":3");
      List<RoundRecord> stored =
          new DynamoRoundStore(
                  aws.dynamoDb(),
                  aws.resources().table(Tables.ROUNDS),
                  Duration.ofDays(7),
                  Retrier.standard())
              .slot("shop", slot, Instant.now().plusSeconds(10));
      assertThat(stored).extracting(RoundRecord::region).containsExactly(region);

      Invocation malformed = function.invoke("{\"shard\": \"3 of 4\"}");
      assertThat(malformed.status()).as("a function error is still HTTP 200").isEqualTo(200);
      assertThat(malformed.errorType()).contains("java.lang.IllegalArgumentException");
      assertThat(malformed.errorMessage().orElseThrow()).startsWith("shard:");
      assertThat(malformed.succeeded()).isFalse();
    }
  }
}
