package dev.probefleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.config.TargetsLoader;
import dev.probefleet.definitions.Topics;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.RecordedRequest;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.probing.HeaderReflection;
import dev.probefleet.probing.LeakSearch;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.probing.SecretRedaction;
import dev.probefleet.runtime.Fleet;
import dev.probefleet.store.RoundStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Planted secrets never leave the prober: a full {@code probefleet run} on the AWS emulator
 * (secrets from SSM, Secrets Manager and the environment; rounds and incidents in DynamoDB; alerts
 * through SNS to a subscribed SQS queue; the query API, the web board and {@code /metrics} on
 * loopback), logging at DEBUG, against an endpoint that answers 502 with the request's headers
 * reflected in its headers and page — then the Lambda composition (EMF metrics on stdout) probes
 * and analyses one more slot. Every output is then searched for the secrets in every encoding the
 * {@link LeakSearch} knows, and the ledger of places, bytes and hits is printed.
 *
 * <p>A place with nothing in it fails the test (an empty capture searched is no search). A literal
 * header reflected the same way (the canary) must be found in the stored evidence: it shows the
 * search reads the very bytes a secret would have been in. {@code SecretRedactionTest} shows, with
 * the scrubbing switched off, that the same search finds each secret in that evidence.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SecretsNeverLeakIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENV_NAME = "PROBEFLEET_IT_PLANTED_KEY";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void noSecretInAnyOutputOfAFullRun(EmulatedAws aws, @TempDir Path dir) throws Exception {
    String envValue = System.getenv(ENV_NAME);
    assertThat(envValue)
        .as("%s is planted by the cli module's failsafe configuration", ENV_NAME)
        .startsWith("pf-env-");
    String envCore = envValue.substring("pf-env-".length());
    String passwordCore = core();
    String tokenCore = core();
    String canaryCore = core();
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("probe-user:pw/" + passwordCore + "+").getBytes(StandardCharsets.UTF_8));
    String token = "tok/" + tokenCore + "+a=b&\"q'<x>";
    String canary = "canary-" + canaryCore;
    String prefix = aws.names().prefix();
    String parameter = "/probefleet/it/" + prefix + "/basic";
    String secretId = "probefleet-it-" + prefix + "-session";
    try (SsmClient ssm = aws.emulator().configure(SsmClient.builder()).build();
        SecretsManagerClient sm =
            aws.emulator().configure(SecretsManagerClient.builder()).build()) {
      ssm.putParameter(
          b -> b.name(parameter).type(ParameterType.SECURE_STRING).value(basic).overwrite(true));
      sm.createSecret(b -> b.name(secretId).secretString(token));
    }
    String topic = aws.resources().topicArn(Topics.ALERTS);
    String queue = subscribe(aws, topic, prefix + "-secrets");

    LeakSearch secrets =
        new LeakSearch()
            .secret("env", envValue, envCore)
            .secret("ssm", basic, passwordCore)
            .secret("secretsmanager", token, tokenCore);
    LeakSearch canaries = new LeakSearch().secret("canary", canary, canaryCore);
    Map<String, byte[]> outputs = new LinkedHashMap<>();

    try (FaultHttpServer endpoint = FaultHttpServer.start()) {
      endpoint.dispatch(HeaderReflection::reflect);
      Path file = dir.resolve("targets.yaml");
      Files.writeString(file, targetsFile(endpoint, parameter, secretId, canary));
      TargetsConfig targets = TargetsLoader.load(file);

      Captured captured = Captured.start();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String region = aws.emulator().region().id();
      RoundSlot emfSlot;
      try {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        RunOptions options = new RunOptions();
        options.interval = Duration.ofSeconds(2);
        options.store = "endpoint=" + aws.emulator().endpoint();
        options.data = dir.resolve("unused");
        options.region = region;
        options.rounds = 30;
        options.output = RunOptions.Output.text;
        options.noTty = true;
        options.topicArn = topic;
        options.http = "127.0.0.1:" + port;
        FleetRun run = new FleetRun(options).set("probefleet.store.table-prefix", prefix);
        Thread fleet =
            new Thread(
                () ->
                    run.run(
                        targets,
                        file.toString(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        List.of()),
                "secrets-it-fleet");
        fleet.setDaemon(true);
        fleet.start();
        String incident = openIncident(base, "shop", err);
        // Two more rounds: the incident's timeline, alerts and metrics have something to show.
        Thread.sleep(4_500);
        for (String path :
            List.of(
                "/v1/status",
                "/v1/status?limit=1000",
                "/v1/incidents?state=open",
                "/v1/incidents?target=shop",
                "/v1/incidents?layer=ORIGIN&since=1h",
                "/v1/incidents/" + incident,
                "/v1/targets/shop/history",
                "/v1/targets/vault/history",
                "/",
                "/board/index.html",
                "/board/board.js",
                "/metrics")) {
          outputs.put("http GET " + path, get(base + path));
        }
        run.stop();
        fleet.join(20_000);
        assertThat(fleet.isAlive()).as("the run stops").isFalse();

        // The Lambda composition: EMF lines on stdout, the same tables and topic.
        emfSlot = RoundSlot.containing(Instant.now(), Duration.ofMinutes(1));
        try (Fleet lambda =
            Fleet.start(
                Map.of(
                    "probefleet.region", region,
                    "probefleet.home-region", region,
                    "probefleet.store.kind", "dynamodb",
                    "probefleet.store.table-prefix", prefix,
                    "probefleet.aws.endpoint", aws.emulator().endpoint().toString(),
                    "probefleet.alerts.topic-arn", topic,
                    "probefleet.metrics.kind", "emf",
                    "probefleet.analyzer.expected-regions", region,
                    "probefleet.probe.confirmation-delay", "200ms"))) {
          lambda
              .get(ProbeService.class)
              .probe(region, Shard.ALL, emfSlot, Instant.now().plusSeconds(20));
          lambda.get(AnalyzerService.class).analyze(emfSlot, Instant.now().plusSeconds(20));
          List<RoundRecord> vault =
              lambda.get(RoundStore.class).slot("vault", emfSlot, Instant.now().plusSeconds(10));
          assertThat(vault).isNotEmpty();
          for (RoundRecord round : vault) {
            for (PathObservation o : round.observations()) {
              assertThat(o.fingerprint())
                  .as("storeBodies: false keeps the fingerprint")
                  .isPresent();
              for (ProbeResult r : o.samples()) {
                assertThat(r.response().orElseThrow().body())
                    .as("storeBodies: false stores no body")
                    .isEmpty();
                assertThat(r.response().orElseThrow().headers().fields()).isNotEmpty();
              }
            }
          }
        }
      } finally {
        captured.stop();
      }
      outputs.put("stdout (console alerts, EMF lines)", captured.stdout());
      outputs.put("stderr", captured.stderr());
      outputs.put("logs at DEBUG (every logger)", captured.logs());
      outputs.put("run's output stream", out.toString().getBytes(StandardCharsets.UTF_8));
      outputs.put("run's error stream", err.toString().getBytes(StandardCharsets.UTF_8));
      // The secrets did go out: the endpoint saw each resolved value in the header it names.
      List<RecordedRequest> shop =
          endpoint.requests().stream().filter(r -> r.target().startsWith("/shop/")).toList();
      assertThat(shop).as("the endpoint was probed").isNotEmpty();
      assertThat(shop).allSatisfy(r -> assertThat(r.header("X-Api-Key")).contains(envValue));
      assertThat(shop).allSatisfy(r -> assertThat(r.header("Authorization")).contains(basic));
      assertThat(shop)
          .filteredOn(r -> r.target().equals("/shop/lb"))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.header("X-Session")).contains(token));
    }

    for (Map.Entry<String, String> table : aws.resources().tableNames().entrySet()) {
      outputs.put("dynamodb " + table.getKey() + " (all items)", scan(aws, table.getValue()));
    }
    List<Message> alerts = receiveAll(aws, queue);
    ByteArrayOutputStream sns = new ByteArrayOutputStream();
    for (Message m : alerts) {
      sns.writeBytes(m.body().getBytes(StandardCharsets.UTF_8));
      sns.writeBytes(m.messageAttributes().toString().getBytes(StandardCharsets.UTF_8));
      // The SNS envelope carries the alert as an escaped string: search it unescaped as well.
      sns.writeBytes(
          JSON.readTree(m.body()).path("Message").asText().getBytes(StandardCharsets.UTF_8));
    }
    outputs.put("sns messages via sqs (" + alerts.size() + ")", sns.toByteArray());

    Path kept = Path.of("target", "secrets-leak-search");
    Files.createDirectories(kept);
    int n = 0;
    for (Map.Entry<String, byte[]> output : outputs.entrySet()) {
      secrets.search(output.getKey(), output.getValue());
      canaries.search(output.getKey(), output.getValue());
      Files.write(
          kept.resolve(String.format("%02d-%s.txt", n++, output.getKey().replaceAll("\\W+", "_"))),
          output.getValue());
    }
    System.out.println("Secrets (env:, ssm:, secretsmanager:) searched in every output:");
    System.out.println(secrets.ledger());
    System.out.println("Canary (a literal header reflected the same way, not a secret):");
    System.out.println(canaries.ledger());

    assertThat(alerts).as("the incident was alerted through SNS").isNotEmpty();
    assertThat(secrets.places())
        .as("every place had something in it to search")
        .allSatisfy(p -> assertThat(p.bytes()).as(p.name()).isPositive());
    assertThat(secrets.places())
        .as("no secret in any form in any place")
        .allSatisfy(p -> assertThat(p.hits()).as(p.name()).isEmpty());
    assertThat(canaries.places())
        .filteredOn(
            p ->
                p.name().startsWith("dynamodb rounds")
                    || p.name().startsWith("dynamodb incidents")
                    || p.name().startsWith("sns messages"))
        .as("the search reads the stored and alerted evidence a reflected secret would be in")
        .hasSize(3)
        .allSatisfy(p -> assertThat(p.total()).as(p.name()).isPositive());
    String rounds =
        new String(
            LeakSearch.expand(outputs.get("dynamodb rounds (all items)")),
            StandardCharsets.ISO_8859_1);
    assertThat(
            new String(outputs.get("stdout (console alerts, EMF lines)"), StandardCharsets.UTF_8))
        .as("stdout had the console alerts and the EMF lines to search")
        .contains("=== ALERT", "\"_aws\"");
    assertThat(new String(outputs.get("logs at DEBUG (every logger)"), StandardCharsets.UTF_8))
        .as("the logs were at DEBUG")
        .contains(" DEBUG ");
    assertThat(rounds)
        .as("the reflected secrets were there, and were scrubbed")
        .contains("X-Echo-Authorization", SecretRedaction.MARKER);
  }

  private static String targetsFile(
      FaultHttpServer endpoint, String parameter, String secretId, String canary) {
    String url = "http://127.0.0.1:" + endpoint.port();
    return """
        targets:
          - name: shop
            request:
              headers:
                X-Api-Key: {env: %s}
                Authorization: {secret: "ssm:%s"}
                X-Canary: "%s"
            burst: {requests: 2}
            paths:
              cdn: {url: "%s/shop/cdn", timeout: 2s}
              lb:
                url: "%s/shop/lb"
                timeout: 2s
                headers: {X-Session: {secret: "secretsmanager:%s"}}
              origin: {url: "%s/shop/origin", timeout: 2s}
          - name: vault
            storeBodies: false
            request:
              headers:
                X-Api-Key: {env: %s}
                X-Canary: "%s"
            paths:
              lb: {url: "%s/vault/lb", timeout: 2s}
              origin: {url: "%s/vault/origin", timeout: 2s}
        """
        .formatted(
            ENV_NAME, parameter, canary, url, url, secretId, url, ENV_NAME, canary, url, url);
  }

  /** A queue subscribed to the topic, SNS's envelope kept (message attributes included). */
  private static String subscribe(EmulatedAws aws, String topic, String name) {
    String url = aws.sqs().createQueue(b -> b.queueName(name)).queueUrl();
    String arn =
        aws.sqs()
            .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    aws.sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn));
    return url;
  }

  /** Every message of the queue: until one came (20 s at most), then until 2 s pass without one. */
  private static List<Message> receiveAll(EmulatedAws aws, String queue) {
    List<Message> messages = new ArrayList<>();
    Instant until = Instant.now().plusSeconds(20);
    while (true) {
      List<Message> batch =
          aws.sqs()
              .receiveMessage(
                  b ->
                      b.queueUrl(queue)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(2)
                          .messageAttributeNames("All"))
              .messages();
      messages.addAll(batch);
      if (batch.isEmpty() && (!messages.isEmpty() || Instant.now().isAfter(until))) {
        return messages;
      }
    }
  }

  /** Waits for the target's incident to open, through the run's own API. */
  private static String openIncident(String base, String target, StringWriter err)
      throws Exception {
    Instant until = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(until)) {
      Thread.sleep(500);
      try {
        JsonNode status =
            JSON.readTree(
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/status")).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
        for (JsonNode t : status.path("targets")) {
          if (t.path("name").asText().equals(target) && t.path("open_incident").hasNonNull("id")) {
            return t.path("open_incident").path("id").asText();
          }
        }
      } catch (IOException notUpYet) {
        // the server is not listening yet
      }
    }
    throw new AssertionError("no incident opened for " + target + "; stderr:\n" + err);
  }

  private static byte[] get(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() >= 400) {
      throw new IOException(url + " answered " + response.statusCode());
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(response.headers().map().toString().getBytes(StandardCharsets.UTF_8));
    all.writeBytes(response.body());
    return all.toByteArray();
  }

  /** Every item of a table, every attribute, as bytes (binary attributes as they are stored). */
  private static byte[] scan(EmulatedAws aws, String table) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    aws.dynamoDb()
        .scanPaginator(b -> b.tableName(table))
        .items()
        .forEach(item -> item.forEach((name, value) -> write(out, name, value)));
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String name, AttributeValue value) {
    out.writeBytes((name + "=").getBytes(StandardCharsets.UTF_8));
    if (value.s() != null) {
      out.writeBytes(value.s().getBytes(StandardCharsets.UTF_8));
    } else if (value.n() != null) {
      out.writeBytes(value.n().getBytes(StandardCharsets.UTF_8));
    } else if (value.b() != null) {
      // Each binary attribute on its own line, so the search's gzip and base64 expansion sees it
      // whole (a stored round is gzipped JSON with base64 bodies).
      out.write('\n');
      out.writeBytes(Base64.getEncoder().encode(value.b().asByteArray()));
    } else if (value.hasSs()) {
      value.ss().forEach(s -> out.writeBytes((s + ",").getBytes(StandardCharsets.UTF_8)));
    } else if (value.hasBs()) {
      for (SdkBytes b : value.bs()) {
        out.write('\n');
        out.writeBytes(Base64.getEncoder().encode(b.asByteArray()));
      }
    } else if (value.hasL()) {
      value.l().forEach(v -> write(out, name + "[]", v));
    } else if (value.hasM()) {
      value.m().forEach((k, v) -> write(out, name + "." + k, v));
    } else {
      out.writeBytes(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
    out.write('\n');
  }

  private static String core() {
    byte[] bytes = new byte[10];
    ThreadLocalRandom.current().nextBytes(bytes);
    return "S" + HexFormat.of().formatHex(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stdout, stderr and every log event at DEBUG, captured (not shown) while the fleet runs. */
  private static final class Captured {
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final Logger root =
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level level = root.getLevel();
    private OutputStreamAppender<ILoggingEvent> appender;

    static Captured start() {
      Captured c = new Captured();
      System.setOut(new PrintStream(synchronizedTo(c.stdout), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(synchronizedTo(c.stderr), true, StandardCharsets.UTF_8));
      LoggerContext context = c.root.getLoggerContext();
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg %mdc%n%ex");
      encoder.start();
      c.appender = new OutputStreamAppender<>();
      c.appender.setContext(context);
      c.appender.setEncoder(encoder);
      c.appender.setOutputStream(synchronizedTo(c.logs));
      c.appender.start();
      c.root.addAppender(c.appender);
      c.root.setLevel(Level.DEBUG);
      return c;
    }

    void stop() {
      root.setLevel(level);
      root.detachAppender(appender);
      appender.stop();
      System.setOut(originalOut);
      System.setErr(originalErr);
    }

    byte[] stdout() {
      synchronized (stdout) {
        return stdout.toByteArray();
      }
    }

    byte[] stderr() {
      synchronized (stderr) {
        return stderr.toByteArray();
      }
    }

    byte[] logs() {
      synchronized (logs) {
        return logs.toByteArray();
      }
    }

    private static OutputStream synchronizedTo(ByteArrayOutputStream target) {
      return new OutputStream() {
        @Override
        public void write(int b) {
          synchronized (target) {
            target.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (target) {
            target.write(b, off, len);
          }
        }
      };
    }
  }
}
