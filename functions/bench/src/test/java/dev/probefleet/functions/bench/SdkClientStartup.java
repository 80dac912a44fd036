package dev.probefleet.functions.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One fresh JVM's first DynamoDB call with one SDK HTTP client, for {@code make bench-functions}:
 * builds a {@code DynamoDbClient} on the client named by the first argument ({@code url-connection}
 * or {@code crt}), with the timeouts the functions use, and makes one {@code GetItem} against the
 * endpoint given. Prints one line: {@code build_ms first_call_ms since_process_start_ms cpu_ms}.
 * Its classpath holds the SDK and that client only.
 */
public final class SdkClientStartup {
  private SdkClientStartup() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: url-connection|crt ENDPOINT REGION TABLE");
    }
    long t0 = System.nanoTime();
    SdkHttpClient http =
        switch (args[0]) {
          case "url-connection" ->
              UrlConnectionHttpClient.builder()
                  .connectionTimeout(Duration.ofSeconds(2))
                  .socketTimeout(Duration.ofSeconds(10))
                  .build();
          case "crt" ->
              AwsCrtHttpClient.builder()
                  .connectionTimeout(Duration.ofSeconds(2))
                  .connectionMaxIdleTime(Duration.ofSeconds(10))
                  .build();
          default -> throw new IllegalArgumentException("no such client: " + args[0]);
        };
    try (DynamoDbClient dynamo =
        DynamoDbClient.builder()
            .region(Region.of(args[2]))
            .endpointOverride(URI.create(args[1]))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("probefleet-local", "probefleet-local")))
            .httpClient(http)
            .overrideConfiguration(
                o ->
                    o.apiCallAttemptTimeout(Duration.ofSeconds(10))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      long t1 = System.nanoTime();
      dynamo.getItem(
          g -> g.tableName(args[3]).key(Map.of("name", AttributeValue.fromS("no-such-target"))));
      long t2 = System.nanoTime();
      Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
      long sinceStart = Duration.between(started, Instant.now()).toMillis();
      long cpu =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                  .getProcessCpuTime()
              / 1_000_000;
      System.out.printf(
          Locale.ROOT,
          "STARTUP %.1f %.1f %d %d%n",
          (t1 - t0) / 1e6,
          (t2 - t1) / 1e6,
          sinceStart,
          cpu);
    }
  }
}
