package dev.probefleet.functions.rie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.Tables;
import dev.probefleet.incident.Incidents;
import dev.probefleet.lab.Lab;
import dev.probefleet.lab.LabFault;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged query API ({@code probefleet-api-function.zip}) under aws-lambda-rie, answering an
 * API Gateway HTTP API event (payload 2.0, IAM-signed, as AWS documents it) for {@code GET
 * /v1/status} from the emulator's tables: a lab target whose origin refuses connections was probed
 * and analysed (an ORIGIN incident is open), a second target is registered but never analysed. The
 * plain baseline of {@code make bench-functions} answers the same event with the same targets.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ApiFunctionUnderRieIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void getStatusAnswersEveryTargetWithItsVerdictAndOpenIncident(EmulatedAws aws) {
    String region = "eu-west-1";
    RoundSlot slot =
        RoundSlot.containing(Instant.now().minus(Duration.ofMinutes(2)), Duration.ofMinutes(1));
    DynamoTargetRegistry registry =
        new DynamoTargetRegistry(
            aws.dynamoDb(),
            aws.resources().table(Tables.TARGETS),
            Retrier.standard(),
            Clock.systemUTC());
    try (Lab lab = Lab.builder().lbTls().start()) {
      registry.apply(List.of(lab.target()), true);
      lab.inject(LabFault.ORIGIN_REFUSED);
      FleetState.probed(
          aws,
          region,
          slot,
          Map.of("PROBEFLEET_PROBE_RESOLVER", "127.0.0.1:" + lab.dnsServer().getPort()));
      FleetState.analysed(aws, region, slot);
      registry.apply(List.of(lab.target(), quiet()), true);
    }
    String event = ApiEvents.getStatus();
    Map<String, String> env =
        Map.of("PROBEFLEET_API_TOKEN_KEY", "a test key of at least 32 bytes!!");

    JsonNode framework;
    try (LambdaEmulator api =
        LambdaEmulator.builder(FunctionPackage.api())
            .region(aws.emulator().region().id())
            .memoryMb(512)
            .timeout(Duration.ofSeconds(30))
            .environment(FunctionEnvironments.onEmulator(aws))
            .environment(env)
            .start()) {
      Invocation invocation = api.invoke(event);
      assertThat(invocation.errorType()).as(invocation.body()).isEmpty();
      JsonNode response = invocation.result();
      assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(200);
      assertThat(contentType(response)).startsWith("application/json");
      framework = body(response);
    }

    assertThat(framework.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(framework.path("targets").findValuesAsText("name")).containsExactly("quiet", "shop");
    JsonNode quiet = framework.path("targets").get(0);
    assertThat(quiet.path("verdict").isNull()).as("never analysed").isTrue();
    JsonNode shop = framework.path("targets").get(1);
    assertThat(shop.path("verdict").path("layer").asText()).isEqualTo("ORIGIN");
    assertThat(shop.path("slot").asText()).isEqualTo(slot.id());
    assertThat(shop.path("open_incident").path("id").asText())
        .isEqualTo(Incidents.incidentId("shop", slot));
    assertThat(shop.path("regions").path(region).path("paths")).hasSize(3);
    assertThat(framework.path("next").isNull()).isTrue();

    try (LambdaEmulator plain =
        LambdaEmulator.builder(FunctionPackage.plainApi())
            .region(aws.emulator().region().id())
            .environment(FunctionEnvironments.onEmulator(aws))
            .environment(env)
            .start()) {
      JsonNode response = plain.invoke(event).result();
      assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(200);
      assertThat(body(response))
          .as("the plain baseline answers the same document")
          .isEqualTo(framework);
    }
  }

  private static Target quiet() {
    URI url = URI.create("https://quiet.invalid/health");
    return new Target(
        "quiet",
        RequestSpec.DEFAULT,
        ExpectSpec.DEFAULT,
        BurstSpec.SINGLE,
        Optional.of(PathSpec.of(PathKind.CDN, 0, url)),
        Optional.empty(),
        List.of());
  }

  private static String contentType(JsonNode response) {
    JsonNode headers = response.path("headers");
    for (var it = headers.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equalsIgnoreCase("content-type")) {
        return e.getValue().asText();
      }
    }
    return "";
  }

  private static JsonNode body(JsonNode response) {
    try {
      return JSON.readTree(response.path("body").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("the body is not JSON: " + response, e);
    }
  }
}
