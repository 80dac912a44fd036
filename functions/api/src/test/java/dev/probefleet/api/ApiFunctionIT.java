package dev.probefleet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.lambda.FakeLambdaContext;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.Layer;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.HistoryWriter;
import dev.probefleet.store.contract.Rounds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The class Lambda calls, as Lambda calls it: {@code new ApiFunction()} configured through the
 * environment (here system properties, which Micronaut reads alike), then {@code
 * handleRequest(APIGatewayV2HTTPEvent, Context)} with API Gateway HTTP API events of payload format
 * 2.0 (fixtures in {@code src/test/resources/events}, shaped as AWS documents them, IAM-signed) and
 * a Lambda context whose remaining time counts down. The stores are DynamoDB on the AWS emulator,
 * in tables provisioned for this class. Netty is not on this test's classpath (see the failsafe
 * configuration): as in the Lambda jar.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ApiFunctionIT {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static ApiFunction function;
  private static List<String> web;

  @BeforeAll
  static void startTheFunction(EmulatedAws aws) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("probefleet.store.kind", "dynamodb");
    environment.put("probefleet.store.table-prefix", aws.names().prefix());
    environment.put("probefleet.aws.endpoint", aws.emulator().endpoint().toString());
    environment.put("probefleet.home-region", aws.emulator().region().id());
    environment.put("probefleet.api.token-key", "the deployment's secret of 32 bytes or more");
    environment.forEach(System::setProperty);
    try {
      function = new ApiFunction();
    } finally {
      environment.keySet().forEach(System::clearProperty);
    }

    var context = function.getApplicationContext();
    context
        .getBean(TargetRegistry.class)
        .apply(
            List.of(Rounds.target("alpha"), Rounds.target("bravo"), Rounds.target("shop")), true);
    HistoryWriter history = new HistoryWriter(context.getBean(IncidentStore.class), "web");
    web = new ArrayList<>();
    web.add(history.incident("2026-03-10T09:01:00Z", Layer.ORIGIN, true));
    web.add(history.incident("2026-03-10T09:11:00Z", Layer.LOAD_BALANCER, false));
  }

  @AfterAll
  static void stopTheFunction() {
    if (function != null) {
      function.close();
    }
  }

  /** An event fixture, with its placeholders ({@code {{id}}}, {@code {{next}}}) filled in. */
  private static APIGatewayV2HTTPEvent event(String fixture, String... placeholders) {
    try (InputStream in = ApiFunctionIT.class.getResourceAsStream("/events/" + fixture)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (int i = 0; i < placeholders.length; i += 2) {
        text = text.replace("{{" + placeholders[i] + "}}", placeholders[i + 1]);
      }
      return JSON.readValue(text, APIGatewayV2HTTPEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Answer(int status, String contentType, JsonNode json) {}

  private static Answer invoke(APIGatewayV2HTTPEvent event, Duration remaining) {
    APIGatewayV2HTTPResponse response =
        function.handleRequest(event, FakeLambdaContext.withTimeout("probefleet-api", remaining));
    String body =
        response.getIsBase64Encoded()
            ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
            : response.getBody();
    String contentType =
        Optional.ofNullable(response.getHeaders())
            .map(h -> h.get("Content-Type"))
            .or(
                () ->
                    Optional.ofNullable(response.getMultiValueHeaders())
                        .map(h -> h.get("Content-Type"))
                        .map(v -> v.get(0)))
            .orElse("");
    try {
      return new Answer(response.getStatusCode(), contentType, JSON.readTree(body));
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }

  private static Answer invoke(APIGatewayV2HTTPEvent event) {
    return invoke(event, Duration.ofSeconds(29));
  }

  @Test
  void theStatusIsServedPageByPage() {
    Answer first = invoke(event("status-first-page.json"));
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.contentType()).startsWith("application/json");
    assertThat(first.json().path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(first.json().path("targets").findValuesAsText("name"))
        .containsExactly("alpha", "bravo");
    assertThat(first.json().path("targets").get(0).path("verdict").isNull()).isTrue();

    Answer second =
        invoke(event("status-next-page.json", "next", first.json().path("next").asText()));
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.json().path("targets").findValuesAsText("name")).containsExactly("shop");
    assertThat(second.json().path("next").isNull()).isTrue();
  }

  @Test
  void incidentsAndOneIncidentAreServed() {
    Answer list = invoke(event("incidents-of-target.json"));
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.contentType()).startsWith("application/json");
    assertThat(list.json().path("incidents").findValuesAsText("id"))
        .containsExactly(web.get(1), web.get(0));

    Answer one = invoke(event("incident.json", "id", web.get(1)));
    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(one.json().path("incident").path("state").asText()).isEqualTo("open");
    assertThat(one.json().path("timeline").findValuesAsText("kind")).containsExactly("OPENED");
    assertThat(one.json().path("timeline").get(0).path("alert").path("alert_id").asText())
        .isEqualTo(web.get(1) + "-1");
    assertThat(one.json().path("runbook")).isNotEmpty();
  }

  @Test
  void aBadParameterIsA400ProblemNamingIt() {
    Answer answer = invoke(event("incidents-limit-zero.json"));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.json().path("type").asText())
        .isEqualTo("urn:probefleet:problem:invalid-parameter");
    assertThat(answer.json().path("title").asText()).isEqualTo("Bad Request");
    assertThat(answer.json().path("status").asInt()).isEqualTo(400);
    assertThat(answer.json().path("parameter").asText()).isEqualTo("limit");
    assertThat(answer.json().path("detail").asText())
        .isEqualTo("limit: must be between 1 and 1000, got 0");
  }

  @Test
  void anUnknownIncidentIsA404Problem() {
    Answer answer = invoke(event("incident-unknown.json"));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.json().path("detail").asText())
        .isEqualTo("no incident has the id '01ARZ3NDEKTSV4RRFFQ69G5FAV'");
  }

  @Test
  void theFunctionRunsWithoutTheNettyServer() {
    for (String server :
        List.of("io.micronaut.http.server.netty.NettyHttpServer", "io.netty.buffer.ByteBuf")) {
      assertThatThrownBy(() -> Class.forName(server))
          .as("%s is not in the Lambda jar, so not on this test's classpath either", server)
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void theInvocationsRemainingTimeIsHonoured() {
    Answer answer = invoke(event("incidents-of-target.json"), Duration.ofMillis(200));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.json().path("detail").asText())
        .contains("ms left, not enough to read the store and answer; try again");
  }
}
