package dev.probefleet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.model.Target;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.PageRequest;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.contract.Rounds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests no client should send, written byte for byte to the query API's Netty server (the one
 * {@code ApiServer} and {@code probefleet run} serve): bodies on an API that takes none (too large,
 * the wrong content type, broken JSON, chunked), request lines and headers past the server's
 * limits, malformed HTTP, percent-encoding and path parameters that cannot name anything. Each gets
 * an {@code application/problem+json} answer with its exact detail and, where one is at fault, the
 * parameter; after all of them the server still answers, and the stores hold what they held.
 *
 * <p>Prints the table {@code input → where → message} for the README.
 */
class MalformedRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TABLE = new ArrayList<>();
  private static final String TOO_LARGE =
      "the request line (method, path and query) or the headers are larger than this server"
          + " accepts: at most 4096 bytes of request line and 8192 bytes of headers";
  private static HttpApi api;

  @BeforeAll
  static void start() {
    api = HttpApi.start(Map.of("probefleet.api.token-key", "a test key that is at least 32 bytes"));
    api.context()
        .getBean(TargetRegistry.class)
        .apply(List.of(Rounds.target("shop"), Rounds.target("web")), false);
  }

  @AfterAll
  static void stopAndPrint() {
    System.out.println("input | where | message");
    System.out.println("--- | --- | ---");
    TABLE.forEach(System.out::println);
    api.close();
  }

  static Stream<Arguments> malformedRequests() {
    String ok = "GET /v1/status HTTP/1.1\r\nHost: localhost\r\n";
    return Stream.of(
        row(
            "POST with broken JSON",
            "POST /v1/status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 6\r\n\r\n{\"a\":1",
            405,
            null,
            "Method [POST] not allowed for URI [/v1/status]. Allowed methods: [HEAD, GET]"),
        row(
            "POST announcing a 50 MB body (64 KB sent)",
            "POST /v1/incidents HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 52428800\r\n\r\n"
                + "{".repeat(65_536),
            405,
            null,
            "Method [POST] not allowed for URI [/v1/incidents]. Allowed methods: [HEAD, GET]"),
        row(
            "GET with broken JSON body",
            ok + "Content-Type: application/json\r\nContent-Length: 9\r\n\r\n{bad json",
            413,
            null,
            "this API takes no request body (its endpoints are GET); got 9 bytes of"
                + " application/json; send the request without one"),
        row(
            "GET with an XML body",
            ok + "Content-Type: application/xml\r\nContent-Length: 4\r\n\r\n<a/>",
            413,
            null,
            "this API takes no request body (its endpoints are GET); got 4 bytes of"
                + " application/xml; send the request without one"),
        row(
            "GET announcing a 50 MB body (64 KB sent)",
            ok
                + "Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n"
                + "[".repeat(65_536),
            413,
            null,
            "this API takes no request body (its endpoints are GET); got 52428800 bytes of"
                + " application/json; send the request without one"),
        row(
            "GET with a chunked body",
            ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            413,
            null,
            "this API takes no request body (its endpoints are GET); got a chunked body; send"
                + " the request without one"),
        row(
            "a 20 KB query string",
            "GET /v1/status?limit=" + "1".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
            413,
            null,
            TOO_LARGE),
        row(
            "a 20 KB header",
            ok + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n",
            413,
            null,
            TOO_LARGE),
        row(
            "2,000 headers",
            ok
                + IntStream.range(0, 2000)
                    .mapToObj(i -> "X-H" + i + ": v\r\n")
                    .collect(Collectors.joining())
                + "\r\n",
            413,
            null,
            TOO_LARGE),
        row(
            "a request line that is not HTTP",
            "GARBAGE\r\n\r\n",
            400,
            null,
            "the request is not valid HTTP: its request line or a header is malformed"),
        row(
            "Content-Length not a number",
            ok + "Content-Length: abc\r\n\r\n",
            400,
            null,
            "the request is not valid HTTP: its request line or a header is malformed"),
        row(
            "broken percent-encoding in the query",
            "GET /v1/incidents?target=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            null,
            "Malformed URI"),
        row(
            "Accept: text/html",
            ok + "Accept: text/html\r\n\r\n",
            406,
            null,
            "Specified Accept Types [text/html] not supported. Supported types:"
                + " [application/json]"),
        row(
            "incident id not a ULID",
            "GET /v1/incidents/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "id",
            "id: '../../etc/passwd' is not an incident id (26 characters of Crockford base32, a"
                + " ULID, as /v1/incidents lists them)"),
        row(
            "incident id of 3,000 characters",
            "GET /v1/incidents/" + "A".repeat(3000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "id",
            "id: '"
                + "A".repeat(60)
                + "… (3000 characters)' is not an incident id (26 characters of Crockford"
                + " base32, a ULID, as /v1/incidents lists them)"),
        row(
            "incident id with a NUL",
            "GET /v1/incidents/01ARZ3NDEKTSV4RRFFQ69G5FA%00 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "id",
            "id: '01ARZ3NDEKTSV4RRFFQ69G5FA\\u0000' is not an incident id (26 characters of"
                + " Crockford base32, a ULID, as /v1/incidents lists them)"),
        row(
            "target name with a slash",
            "GET /v1/targets/shop%2F..%2Fweb/history HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "name",
            "name: 'shop/../web' is not a target name (1 to 100 letters, digits, '.', '_' or '-',"
                + " starting with a letter or digit)"),
        row(
            "slots far past an int",
            "GET /v1/targets/shop/history?slots=99999999999999999999 HTTP/1.1\r\n"
                + "Host: localhost\r\n\r\n",
            400,
            "slots",
            "slots: '99999999999999999999' is not a whole number"),
        row(
            "limit a word",
            "GET /v1/status?limit=many HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "limit",
            "limit: 'many' is not a whole number"),
        row(
            "an unknown parameter",
            "GET /v1/status?drop=table HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "drop",
            "drop: unknown parameter; known: limit, next"));
  }

  private static Arguments row(
      String description, String request, int status, String parameter, String detail) {
    return Arguments.of(description, request, status, parameter, detail);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void eachMalformedRequestIsAProblemNamingWhatIsWrong(
      String description, String request, int status, String parameter, String detail)
      throws IOException {
    String head = exchange(request);
    int split = head.indexOf("\r\n\r\n");
    assertThat(split).as("an HTTP answer to %s: %s", description, head).isPositive();
    String headers = head.substring(0, split);
    JsonNode problem = JSON.readTree(head.substring(split + 4));

    assertThat(headers).startsWith("HTTP/1.").contains(" " + status + " ");
    assertThat(headers.toLowerCase()).contains("content-type: application/problem+json");
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isEqualTo(detail);
    if (parameter == null) {
      assertThat(problem.path("parameter").isNull()).as(problem.toString()).isTrue();
    } else {
      assertThat(problem.path("parameter").asText()).isEqualTo(parameter);
    }
    TABLE.add(
        description
            + " | "
            + status
            + (parameter == null ? "" : ", parameter " + parameter)
            + " | "
            + detail.replace("|", "\\|"));

    assertThat(api.get("/v1/status").status()).as("the server answers after it").isEqualTo(200);
    assertThat(api.context().getBean(TargetRegistry.class).all().stream().map(Target::name))
        .as("the registry holds what it held")
        .containsExactlyInAnyOrder("shop", "web");
    assertThat(
            api.context()
                .getBean(IncidentHistory.class)
                .find(
                    IncidentQuery.fromParameters(Map.of("state", "open"), Clock.systemUTC()),
                    PageRequest.fromParameters(null, null),
                    Instant.now().plusSeconds(10))
                .items())
        .as("no incident appeared")
        .isEmpty();
  }

  /** Writes the request as it is and reads the answer until the server closes or goes quiet. */
  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api.base().getPort())) {
      socket.setSoTimeout(3000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before it has taken everything sent: read the answer.
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
          if (complete(answer.toString(StandardCharsets.UTF_8))) {
            break;
          }
        }
      } catch (SocketTimeoutException | java.net.SocketException e) {
        // What arrived is the answer.
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  /** An answer whose body has all the bytes its Content-Length says. */
  private static boolean complete(String answer) {
    int split = answer.indexOf("\r\n\r\n");
    if (split < 0) {
      return false;
    }
    for (String line : answer.substring(0, split).split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        int length = Integer.parseInt(line.substring(15).trim());
        return answer.substring(split + 4).getBytes(StandardCharsets.UTF_8).length >= length;
      }
    }
    return false;
  }
}
