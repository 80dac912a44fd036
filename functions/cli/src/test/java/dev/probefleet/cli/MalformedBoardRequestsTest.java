package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Netty server {@code probefleet run} serves (the board, the query API under {@code /v1},
 * {@code /metrics}) while its fleet runs rounds, sent requests no client should send, byte for
 * byte: each answer is {@code application/problem+json} with its exact detail and parameter, and
 * the run goes on — the server answers, and rounds keep coming. Prints the table {@code input →
 * where → message} for the README.
 */
class MalformedBoardRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TABLE = new ArrayList<>();
  private static final StringWriter out = new StringWriter();
  private static final StringWriter err = new StringWriter();
  private static FleetRun run;
  private static Thread fleet;
  private static int port;

  @BeforeAll
  static void startTheRun() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    RunOptions options = new RunOptions();
    options.interval = Duration.ofSeconds(1);
    options.store = "memory";
    options.data = Path.of("unused");
    options.region = "local";
    options.rounds = 600;
    options.output = RunOptions.Output.json;
    options.http = "127.0.0.1:" + port;
    Target shop =
        new Target(
            "shop",
            RequestSpec.DEFAULT,
            ExpectSpec.DEFAULT,
            BurstSpec.SINGLE,
            Optional.of(
                PathSpec.of(PathKind.CDN, 0, URI.create("http://127.0.0.1:" + closed + "/"))),
            Optional.empty(),
            List.of());
    TargetsConfig targets = new TargetsConfig("one target", List.of(shop), Optional.empty());
    run = new FleetRun(options);
    fleet =
        new Thread(
            () ->
                run.run(
                    targets,
                    "one target",
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    List.of()),
            "malformed-board-requests-fleet");
    fleet.setDaemon(true);
    fleet.start();
    Instant until = Instant.now().plusSeconds(30);
    while (!exchange("GET /v1/status HTTP/1.1\r\nHost: localhost\r\n\r\n").contains(" 200 ")) {
      assertThat(Instant.now()).as("the board is up; stderr:\n%s", err).isBefore(until);
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stopAndPrint() throws InterruptedException {
    System.out.println("input | where | message");
    System.out.println("--- | --- | ---");
    TABLE.forEach(System.out::println);
    if (run != null) {
      run.stop();
      fleet.join(15_000);
    }
  }

  static Stream<Arguments> malformedRequests() {
    return Stream.of(
        row(
            "GET /v1/status announcing a 50 MB JSON body",
            "GET /v1/status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 52428800\r\n\r\n"
                + "{".repeat(65_536),
            413,
            null,
            "this API takes no request body (its endpoints are GET); got 52428800 bytes of"
                + " application/json; send the request without one"),
        row(
            "GET /metrics with a form body",
            "GET /metrics HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1",
            413,
            null,
            "this API takes no request body (its endpoints are GET); got 3 bytes of"
                + " application/x-www-form-urlencoded; send the request without one"),
        row(
            "a 20 KB query string",
            "GET /v1/incidents?target="
                + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
            413,
            null,
            "the request line (method, path and query) or the headers are larger than this server"
                + " accepts: at most 4096 bytes of request line and 8192 bytes of headers"),
        row(
            "an incident id that is not a ULID",
            "GET /v1/incidents/%27%20OR%201=1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "id",
            "id: '' OR 1=1' is not an incident id (26 characters of Crockford base32, a ULID, as"
                + " /v1/incidents lists them)"),
        row(
            "a target name with a space",
            "GET /v1/targets/my%20shop/history HTTP/1.1\r\nHost: localhost\r\n\r\n",
            400,
            "name",
            "name: 'my shop' is not a target name (1 to 100 letters, digits, '.', '_' or '-',"
                + " starting with a letter or digit)"),
        row(
            "a request line that is not HTTP",
            "\u0016\u0003\u0001\u0000\u00a5\u0001 garbage\r\n\r\n",
            400,
            null,
            "the request is not valid HTTP: its request line or a header is malformed"));
  }

  private static Arguments row(
      String description, String request, int status, String parameter, String detail) {
    return Arguments.of(description, request, status, parameter, detail);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void eachMalformedRequestIsAProblemAndTheRunGoesOn(
      String description, String request, int status, String parameter, String detail)
      throws Exception {
    int roundsBefore = rounds();
    String answer = exchange(request);
    int split = answer.indexOf("\r\n\r\n");
    assertThat(split).as("an HTTP answer to %s: %s", description, answer).isPositive();
    String headers = answer.substring(0, split);
    JsonNode problem = JSON.readTree(answer.substring(split + 4));

    assertThat(headers).contains(" " + status + " ");
    assertThat(headers.toLowerCase()).contains("content-type: application/problem+json");
    assertThat(problem.path("detail").asText()).isEqualTo(detail);
    if (parameter == null) {
      assertThat(problem.path("parameter").isNull()).isTrue();
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

    assertThat(exchange("GET /v1/status HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .as("the board answers after it")
        .contains(" 200 ");
    Instant until = Instant.now().plusSeconds(10);
    while (rounds() <= roundsBefore && Instant.now().isBefore(until)) {
      Thread.sleep(100);
    }
    assertThat(rounds())
        .as("the fleet runs another round; stderr:\n%s", err)
        .isGreaterThan(roundsBefore);
  }

  /** Rounds the run has printed (one JSON line each). */
  private static int rounds() {
    synchronized (out) {
      return (int) out.toString().lines().filter(l -> l.startsWith("{")).count();
    }
  }

  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(3000);
      OutputStream o = socket.getOutputStream();
      try {
        o.write(request.getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
      } catch (IOException e) {
        // The server may answer and close before it has taken everything sent.
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
          String text = answer.toString(StandardCharsets.UTF_8);
          int split = text.indexOf("\r\n\r\n");
          if (split > 0) {
            int length = contentLength(text.substring(0, split));
            if (length >= 0
                && text.substring(split + 4).getBytes(StandardCharsets.UTF_8).length >= length) {
              break;
            }
          }
        }
      } catch (IOException e) {
        // What arrived is the answer.
      }
      return answer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static int contentLength(String headers) {
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }
}
