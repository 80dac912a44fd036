package dev.probefleet.functions.plain;

import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.metrics.EmfMetrics;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.aws.secrets.AwsSecretResolver;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.probe.HostResolver;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.probing.ProbeSettings;
import dev.probefleet.probing.RoundProber;
import dev.probefleet.store.CachedTargets;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.StatusStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The plain handlers' object graph, built with {@code new}: the same objects, with the same
 * settings, that the composition root ({@code dev.probefleet.runtime.FleetFactory} and {@code
 * AwsClientFactory}) builds for the Micronaut functions — the SDK clients on the URL-connection
 * HTTP client with the same timeouts and no SDK retries under the project's retrier, the DynamoDB
 * stores, the probe client, the fingerprinter, EMF metrics — so that a benchmark comparing the two
 * compares the framework and nothing else.
 */
public final class PlainFleet {
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  private final PlainEnvironment env;
  private final Clock clock = Clock.systemUTC();
  private final Retrier retrier = Retrier.standard();
  private final ResourceNames names;
  private final DynamoDbClient dynamoDb;

  public PlainFleet(PlainEnvironment env) {
    this.env = env;
    this.names = new ResourceNames(env.tablePrefix());
    this.dynamoDb = configure(DynamoDbClient.builder(), env.homeRegion(), false).build();
  }

  public PlainEnvironment environment() {
    return env;
  }

  public Clock clock() {
    return clock;
  }

  /** The registry, cached for 5 minutes as the functions' is. */
  public CachedTargets targets() {
    return new CachedTargets(
        new DynamoTargetRegistry(
            dynamoDb, names.table(Tables.TARGETS), retrier, clock, Duration.ofSeconds(20)),
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        clock);
  }

  /**
   * The continuation tokens the query API signs: with {@code PROBEFLEET_API_TOKEN_KEY}, else with a
   * key derived from the table prefix (as the composition root does).
   */
  public ContinuationTokens tokens() {
    return env.tokenKey()
        .map(ContinuationTokens::withKey)
        .orElseGet(() -> ContinuationTokens.derivedFrom(env.tablePrefix()));
  }

  /** The targets' statuses as the analyzer wrote them (the incidents table). */
  public StatusStore statuses() {
    return new DynamoIncidentStore(
        dynamoDb, names.table(Tables.INCIDENTS), retrier, clock, Duration.ofSeconds(20), tokens());
  }

  /** The probe service: registry (cached 5 min), probe client, rounds table, EMF metrics. */
  public ProbeService probeService() {
    CachedTargets targets = targets();
    DynamoRoundStore rounds =
        new DynamoRoundStore(
            dynamoDb, names.table(Tables.ROUNDS), Duration.ofDays(7), retrier, 50, 32);
    ProbeClient.Builder client =
        ProbeClient.builder()
            .clock(clock)
            .maxOpenConnections(env.maxOpenConnections())
            .defaultTimeout(Duration.ofSeconds(10));
    env.resolver().ifPresent(server -> client.resolver(HostResolver.dnsServer(server)));
    AwsSecretResolver secrets =
        new AwsSecretResolver(
            lazily(() -> configure(SsmClient.builder(), env.homeRegion(), true).build()),
            lazily(() -> configure(SecretsManagerClient.builder(), env.homeRegion(), true).build()),
            System.getenv(),
            Duration.ofMinutes(5),
            clock);
    ProbeClient probeClient = client.build();
    if (env.primeAtInit()) {
      // As the probe function does at init: the first round times like a warm one.
      probeClient.prime();
    }
    RoundProber prober = new RoundProber(probeClient, secrets, Fingerprinter.defaults(), clock);
    MetricsSink metrics =
        env.metrics() ? new EmfMetrics(System.out, "probefleet", false, clock) : MetricsSink.NONE;
    ProbeSettings settings =
        ProbeSettings.DEFAULT
            .withConfirmation(true, env.confirmationDelay())
            .withWriteReserve(Duration.ofSeconds(5));
    return new ProbeService(targets, rounds, prober, metrics, settings, clock);
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, String region, boolean sdkRetries) {
    builder.region(Region.of(region));
    builder.httpClient(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECTION_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT)
            .build());
    builder.overrideConfiguration(
        o -> {
          o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT);
          if (!sdkRetries) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        });
    env.endpoint()
        .ifPresent(
            endpoint -> {
              builder.endpointOverride(endpoint);
              builder.credentialsProvider(
                  AwsCredentialsProviderChain.builder()
                      .reuseLastProviderEnabled(true)
                      .credentialsProviders(
                          DefaultCredentialsProvider.builder().build(),
                          StaticCredentialsProvider.create(
                              AwsBasicCredentials.create("probefleet-local", "probefleet-local")))
                      .build());
            });
    return builder;
  }

  private static <T> Supplier<T> lazily(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
