package dev.probefleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.lambda.FakeLambdaContext;
import dev.probefleet.model.Target;
import dev.probefleet.store.TargetRegistry;
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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * API Gateway events no client should cause, handed to the Lambda handler ({@link ApiFunction}) on
 * the Lambda jar's classpath (no Netty, so no request-line limit stands in front): a body on a GET,
 * with the wrong content type, as broken JSON or broken base64, a 20 KB query value, bad path
 * parameters, a method the API lacks. Each answer is {@code application/problem+json} with its
 * exact detail and the parameter at fault; the same function then answers a good event, and the
 * registry holds what it held. The in-memory stores stand in for DynamoDB (what is checked is the
 * handler, not the tables).
 *
 * <p>Prints the table {@code input → where → message} for the README.
 */
class MalformedApiEventsIT {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final List<String> TABLE = new ArrayList<>();
  private static ApiFunction function;

  @BeforeAll
  static void startTheFunction() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("probefleet.store.kind", "memory");
    environment.put("probefleet.home-region", "us-east-1");
    environment.put("probefleet.api.token-key", "the deployment's secret of 32 bytes or more");
    environment.forEach(System::setProperty);
    try {
      function = new ApiFunction();
    } finally {
      environment.keySet().forEach(System::clearProperty);
    }
    function
        .getApplicationContext()
        .getBean(TargetRegistry.class)
        .apply(List.of(Rounds.target("shop")), true);
  }

  @AfterAll
  static void stopAndPrint() {
    System.out.println("input | where | message");
    System.out.println("--- | --- | ---");
    TABLE.forEach(System.out::println);
    if (function != null) {
      function.close();
    }
  }

  static Stream<Arguments> malformedEvents() {
    return Stream.of(
        row(
            "GET with a broken JSON body",
            e -> {
              e.setBody("{bad json");
              e.getHeaders().put("content-type", "application/json");
              e.getHeaders().put("content-length", "9");
            },
            413,
            null,
            "this API takes no request body (its endpoints are GET); got 9 bytes of"
                + " application/json; send the request without one"),
        row(
            "GET with a base64 body that is not base64",
            e -> {
              e.setBody("!!! not base64 !!!");
              e.setIsBase64Encoded(true);
              e.getHeaders().put("content-type", "application/octet-stream");
              e.getHeaders().put("content-length", "18");
            },
            413,
            null,
            "this API takes no request body (its endpoints are GET); got 18 bytes of"
                + " application/octet-stream; send the request without one"),
        row(
            "a 20 KB query value",
            e -> query(e, "limit=" + "1".repeat(20_000)),
            400,
            "limit",
            "limit: the value is 20000 characters long; no parameter takes more than 1024"),
        row(
            "a 2 KB unknown parameter name",
            e -> query(e, "x".repeat(2000) + "=1"),
            400,
            "x".repeat(60) + "… (2000 characters)",
            "x".repeat(60) + "… (2000 characters): unknown parameter; known: limit, next"),
        row(
            "incident id not a ULID",
            e -> path(e, "/v1/incidents/not-an-id"),
            400,
            "id",
            "id: 'not-an-id' is not an incident id (26 characters of Crockford base32, a ULID,"
                + " as /v1/incidents lists them)"),
        row(
            "target name of 500 characters",
            e -> path(e, "/v1/targets/" + "n".repeat(500) + "/history"),
            400,
            "name",
            "name: '"
                + "n".repeat(60)
                + "… (500 characters)' is not a target name (1 to 100 letters, digits, '.', '_' or"
                + " '-', starting with a letter or digit)"),
        row(
            "DELETE",
            e -> e.getRequestContext().getHttp().setMethod("DELETE"),
            405,
            null,
            "Method [DELETE] not allowed for URI [/v1/status]. Allowed methods: [HEAD, GET]"));
  }

  private static Arguments row(
      String description,
      Consumer<APIGatewayV2HTTPEvent> change,
      int status,
      String parameter,
      String detail) {
    return Arguments.of(description, change, status, parameter, detail);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEvents")
  void eachMalformedEventIsAProblemNamingWhatIsWrong(
      String description,
      Consumer<APIGatewayV2HTTPEvent> change,
      int status,
      String parameter,
      String detail) {
    APIGatewayV2HTTPEvent event = event();
    change.accept(event);

    Answer answer = invoke(event);

    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.json().path("detail").asText()).isEqualTo(detail);
    if (parameter == null) {
      assertThat(answer.json().path("parameter").isNull()).isTrue();
    } else {
      assertThat(answer.json().path("parameter").asText()).isEqualTo(parameter);
    }
    TABLE.add(
        description
            + " | "
            + status
            + (parameter == null ? "" : ", parameter " + parameter)
            + " | "
            + detail.replace("|", "\\|"));

    Answer next = invoke(event());
    assertThat(next.status()).as("the same function answers a good event").isEqualTo(200);
    assertThat(
            function.getApplicationContext().getBean(TargetRegistry.class).all().stream()
                .map(Target::name))
        .containsExactly("shop");
  }

  /** A query of one parameter, as API Gateway delivers it: raw, and parsed. */
  private static void query(APIGatewayV2HTTPEvent event, String query) {
    event.setRawQueryString(query);
    int equals = query.indexOf('=');
    event.setQueryStringParameters(Map.of(query.substring(0, equals), query.substring(equals + 1)));
  }

  private static void path(APIGatewayV2HTTPEvent event, String path) {
    event.setRawPath(path);
    event.getRequestContext().getHttp().setPath(path);
  }

  /** A good event: the first page of the status. */
  private static APIGatewayV2HTTPEvent event() {
    try (InputStream in =
        MalformedApiEventsIT.class.getResourceAsStream("/events/status-first-page.json")) {
      APIGatewayV2HTTPEvent event =
          JSON.readValue(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), APIGatewayV2HTTPEvent.class);
      event.setHeaders(new LinkedHashMap<>(event.getHeaders()));
      event.setRawQueryString("");
      event.setQueryStringParameters(null);
      return event;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Answer(int status, String contentType, JsonNode json) {}

  private static Answer invoke(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse response =
        function.handleRequest(
            event, FakeLambdaContext.withTimeout("probefleet-api", Duration.ofSeconds(29)));
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
}
