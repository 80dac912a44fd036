package dev.probefleet.runtime;

import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.AnalyzerSettings;
import dev.probefleet.analyzer.OutboxSettings;
import dev.probefleet.attribution.AttributionInput;
import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.metrics.EmfMetrics;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.aws.secrets.AwsSecretResolver;
import dev.probefleet.aws.sns.SnsAlertPublisher;
import dev.probefleet.baseline.BaselineLearning;
import dev.probefleet.config.SecretResolver;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.diagnose.DiagnoseService;
import dev.probefleet.fingerprint.BaselineLearner;
import dev.probefleet.fingerprint.Fingerprinter;
import dev.probefleet.incident.CertificatePolicy;
import dev.probefleet.incident.IncidentPolicy;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.notify.ConsoleAlertPublisher;
import dev.probefleet.probe.HostResolver;
import dev.probefleet.probe.NativeCrypto;
import dev.probefleet.probe.ProbeClient;
import dev.probefleet.probing.ProbeService;
import dev.probefleet.probing.ProbeSettings;
import dev.probefleet.probing.RoundProber;
import dev.probefleet.store.CachedTargets;
import dev.probefleet.store.ContinuationTokens;
import dev.probefleet.store.IncidentStore;
import dev.probefleet.store.RoundStore;
import dev.probefleet.store.TargetRegistry;
import dev.probefleet.store.memory.InMemoryIncidentStore;
import dev.probefleet.store.memory.InMemoryRoundStore;
import dev.probefleet.store.memory.InMemoryTargetRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.env.Environment;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The composition root: every service and adapter the hosts (the Lambda functions, {@code
 * probefleet run}, {@code probefleet diagnose}) use is built here from the typed configuration, and
 * nowhere else. A host asks the context for a service; it never calls {@code new} on an adapter.
 * Configuration errors name the property ({@link FleetConfigurationException}).
 */
@Factory
final class FleetFactory {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FleetFactory.class);

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  FleetSettings fleet(FleetConfiguration config, StoreConfiguration store, Environment env) {
    String region =
        present(config.region())
            .or(() -> env.getProperty("aws.region", String.class).flatMap(FleetFactory::present))
            .orElse("local");
    String home = present(config.homeRegion()).orElse(region);
    positive("probefleet.interval", config.interval());
    if (config.shards() < 1) {
      throw new FleetConfigurationException(
          "probefleet.shards", "must be at least 1, got " + config.shards());
    }
    ResourceNames names;
    try {
      names = new ResourceNames(store.tablePrefix());
    } catch (IllegalArgumentException e) {
      throw new FleetConfigurationException("probefleet.store.table-prefix", e.getMessage());
    }
    return new FleetSettings(region, home, config.interval(), config.shards(), names);
  }

  // --- stores ------------------------------------------------------------------------------------

  @Singleton
  StoreKind storeKind(StoreConfiguration store) {
    return StoreKind.parse(store.kind());
  }

  /** The DynamoDB client the stores use: AWS (or an emulator) in the home region, or local. */
  @Singleton
  @Named("store")
  DynamoDbClient storeClient(
      StoreKind kind,
      StoreConfiguration store,
      FleetSettings fleet,
      @Named("home") BeanProvider<DynamoDbClient> home,
      BeanProvider<LocalStoreConnector> local) {
    return switch (kind) {
      case DYNAMODB -> home.get();
      case LOCAL -> {
        if (!local.isPresent()) {
          throw new FleetConfigurationException(
              "probefleet.store.kind",
              "'local' needs DynamoDB Local, which only the probefleet CLI carries; use dynamodb"
                  + " or memory here");
        }
        yield local.get().connect(Path.of(store.dataDir()), fleet.names());
      }
      case MEMORY -> throw new IllegalStateException("an in-memory store needs no DynamoDB client");
    };
  }

  @Singleton
  RoundStore rounds(
      StoreKind kind,
      StoreConfiguration store,
      FleetSettings fleet,
      @Named("store") BeanProvider<DynamoDbClient> client,
      Retrier retrier) {
    if (kind == StoreKind.MEMORY) {
      return new InMemoryRoundStore();
    }
    positive("probefleet.store.round-retention", store.roundRetention());
    if (store.writeConcurrency() < 1) {
      throw new FleetConfigurationException(
          "probefleet.store.write-concurrency", "must be at least 1");
    }
    return new DynamoRoundStore(
        client.get(),
        fleet.names().table(Tables.ROUNDS),
        store.roundRetention(),
        retrier,
        50,
        store.writeConcurrency());
  }

  @Singleton
  IncidentStore incidents(
      StoreKind kind,
      StoreConfiguration store,
      FleetSettings fleet,
      @Named("store") BeanProvider<DynamoDbClient> client,
      Retrier retrier,
      Clock clock,
      ContinuationTokens tokens) {
    if (kind == StoreKind.MEMORY) {
      return new InMemoryIncidentStore(clock, tokens);
    }
    positive("probefleet.store.read-budget", store.readBudget());
    return new DynamoIncidentStore(
        client.get(),
        fleet.names().table(Tables.INCIDENTS),
        retrier,
        clock,
        store.readBudget(),
        tokens);
  }

  /**
   * How every store and the query API sign continuation tokens: with {@code
   * probefleet.api.token-key} when it is set, else with a key derived from the table prefix (the
   * same in every process of the deployment, so a token issued by one Lambda container is read by
   * another; edited tokens are refused either way, but only a secret key makes them unforgeable).
   */
  @Singleton
  ContinuationTokens continuationTokens(ApiConfiguration api, FleetSettings fleet) {
    if (api.tokenKey() == null || api.tokenKey().isBlank()) {
      return ContinuationTokens.derivedFrom(fleet.names().prefix());
    }
    try {
      return ContinuationTokens.withKey(api.tokenKey());
    } catch (IllegalArgumentException e) {
      throw new FleetConfigurationException("probefleet.api.token-key", e.getMessage());
    }
  }

  /** The registry as stored, read on every call (what {@code probefleet targets apply} writes). */
  @Singleton
  @Named("registry")
  TargetRegistry registry(
      StoreKind kind,
      StoreConfiguration store,
      FleetSettings fleet,
      @Named("store") BeanProvider<DynamoDbClient> client,
      Retrier retrier,
      Clock clock) {
    if (kind == StoreKind.MEMORY) {
      return new InMemoryTargetRegistry();
    }
    return new DynamoTargetRegistry(
        client.get(), fleet.names().table(Tables.TARGETS), retrier, clock, store.readBudget());
  }

  /** The registry the services read: cached for {@code probefleet.targets.cache-ttl}. */
  @Singleton
  @Primary
  CachedTargets targets(
      @Named("registry") TargetRegistry registry, TargetsConfiguration config, Clock clock) {
    try {
      return new CachedTargets(registry, config.cacheTtl(), config.maxStale(), clock);
    } catch (IllegalArgumentException e) {
      throw new FleetConfigurationException("probefleet.targets.cache-ttl", e.getMessage());
    }
  }

  @Singleton
  Retrier retrier() {
    return Retrier.standard();
  }

  // --- probing -----------------------------------------------------------------------------------

  /** The built-in rules, and the user's on top when configured (errors name their source). */
  @Singleton
  Fingerprinter fingerprinter(FingerprintConfiguration config) {
    Fingerprinter defaults = Fingerprinter.defaults();
    return present(config.rules())
        .map(rules -> defaults.withUserRules(config.rulesSource(), rules))
        .orElse(defaults);
  }

  @Singleton
  BaselineLearning baselines(Fingerprinter fingerprinter) {
    return new BaselineLearning(BaselineLearner.DEFAULT, fingerprinter);
  }

  /**
   * The probe client. The native crypto provider goes in first ({@link NativeCrypto}): with it a
   * warm HTTPS probe costs about a quarter of the CPU; where it does not load, the status says why
   * and the JDK's providers do the work. The client counts on the CPUs of this process, a Lambda
   * function's memory share included ({@link ProbeConcurrency#cpus}).
   */
  @Singleton
  ProbeClient probeClient(ProbeConfiguration config, Clock clock) {
    NativeCrypto.Status crypto = NativeCrypto.install();
    if (crypto.active()) {
      LOG.info("{}", crypto);
    } else {
      LOG.warn("{}; TLS probes use the JDK's providers (about 3x the CPU per handshake)", crypto);
    }
    ProbeClient.Builder builder =
        ProbeClient.builder().clock(clock).cpus(ProbeConcurrency.cpus(System.getenv()));
    try {
      builder.maxOpenConnections(
          config.maxOpenConnections() != null
              ? config.maxOpenConnections()
              : ProbeConcurrency.defaultBound(System.getenv()));
    } catch (IllegalArgumentException e) {
      throw new FleetConfigurationException(
          "probefleet.probe.max-open-connections", e.getMessage());
    }
    try {
      builder.defaultTimeout(config.defaultTimeout());
    } catch (IllegalArgumentException e) {
      throw new FleetConfigurationException("probefleet.probe.default-timeout", e.getMessage());
    }
    if (config.resolver() != null && !config.resolver().isBlank()) {
      builder.resolver(HostResolver.dnsServer(resolver(config.resolver())));
    }
    return builder.build();
  }

  /**
   * Secret references: {@code env:} from the environment, {@code ssm:} and {@code secretsmanager:}
   * from the secrets region (default the home region: one copy of each secret per fleet). The SDK
   * clients are built only when a reference first needs them.
   */
  @Singleton
  SecretResolver secrets(
      BeanProvider<SsmClient> ssm,
      BeanProvider<SecretsManagerClient> secretsManager,
      SecretsConfiguration config,
      Clock clock) {
    positive("probefleet.secrets.cache-ttl", config.cacheTtl());
    return new AwsSecretResolver(
        lazily(ssm::get), lazily(secretsManager::get), System.getenv(), config.cacheTtl(), clock);
  }

  @Singleton
  RoundProber prober(
      ProbeClient client, SecretResolver secrets, Fingerprinter fingerprinter, Clock clock) {
    return new RoundProber(client, secrets, fingerprinter, clock);
  }

  @Singleton
  ProbeSettings probeSettings(ProbeConfiguration config) {
    try {
      return ProbeSettings.DEFAULT
          .withConfirmation(config.confirm(), config.confirmationDelay())
          .withWriteReserve(config.writeReserve());
    } catch (IllegalArgumentException e) {
      throw new FleetConfigurationException("probefleet.probe", e.getMessage());
    }
  }

  @Singleton
  ProbeService probeService(
      CachedTargets targets,
      RoundStore rounds,
      RoundProber prober,
      MetricsSink metrics,
      ProbeSettings settings,
      Clock clock) {
    return new ProbeService(targets, rounds, prober, metrics, settings, clock);
  }

  @Singleton
  DiagnoseService diagnoseService(RoundProber prober, BaselineLearning baselines, Clock clock) {
    return new DiagnoseService(prober, baselines, clock);
  }

  // --- analysis and alerts -----------------------------------------------------------------------

  @Singleton
  AnalyzerSettings analyzerSettings(AnalyzerConfiguration config, FleetSettings fleet) {
    IncidentPolicy policy;
    try {
      policy = new IncidentPolicy(config.k(), config.n(), config.m());
    } catch (RuntimeException e) {
      throw new FleetConfigurationException("probefleet.analyzer.k/n/m", e.getMessage());
    }
    positive("probefleet.analyzer.publish-budget", config.publishBudget());
    positive("probefleet.analyzer.dead-letter-after", config.deadLetterAfter());
    if (config.grace().isNegative()) {
      throw new FleetConfigurationException(
          "probefleet.analyzer.grace", "must not be negative, got " + config.grace());
    }
    if (config.grace().compareTo(fleet.period()) >= 0) {
      throw new FleetConfigurationException(
          "probefleet.analyzer.grace",
          config.grace()
              + " is not shorter than the schedule's period ("
              + fleet.period()
              + "): every slot would be analysed more than a period late");
    }
    if (config.reanalyzeSlots() < 0 || config.reanalyzeSlots() > 10) {
      throw new FleetConfigurationException(
          "probefleet.analyzer.reanalyze-slots", "must be between 0 and 10");
    }
    if (config.parallelism() < 1 || config.parallelism() > 256) {
      throw new FleetConfigurationException(
          "probefleet.analyzer.parallelism", "must be between 1 and 256");
    }
    for (String region : config.expectedRegions()) {
      if (!region.matches("[a-z0-9-]{2,32}")) {
        throw new FleetConfigurationException(
            "probefleet.analyzer.expected-regions", "'" + region + "' is not a region name");
      }
    }
    return new AnalyzerSettings(
        fleet.period(),
        config.grace(),
        config.reanalyzeSlots(),
        config.expectedRegions(),
        policy,
        config.certificateWarning().isNegative()
            ? AttributionInput.DEFAULT_CERTIFICATE_WARNING
            : config.certificateWarning(),
        certificatePolicy(config),
        OutboxSettings.DEFAULT
            .withPublishBudget(config.publishBudget())
            .withMaxAge(config.deadLetterAfter()),
        5,
        config.parallelism());
  }

  private static CertificatePolicy certificatePolicy(AnalyzerConfiguration config) {
    try {
      return new CertificatePolicy(config.certificateWarning(), config.certificatePage());
    } catch (RuntimeException e) {
      throw new FleetConfigurationException(
          "probefleet.analyzer.certificate-warning/certificate-page", e.getMessage());
    }
  }

  @Singleton
  AnalyzerService analyzerService(
      CachedTargets targets,
      RoundStore rounds,
      IncidentStore incidents,
      AlertPublisher publisher,
      MetricsSink metrics,
      BaselineLearning baselines,
      AnalyzerSettings settings,
      Clock clock) {
    return new AnalyzerService(
        targets, rounds, incidents, publisher, metrics, baselines, settings, clock);
  }

  /**
   * Alerts go to SNS when a topic is configured, to the console when asked (both when both are). An
   * analyzer with neither is a configuration error: its alerts would go nowhere.
   */
  @Singleton
  AlertPublisher alerts(AlertsConfiguration config, BeanProvider<SnsClient> sns, Retrier retrier) {
    Optional<AlertPublisher> topic =
        present(config.topicArn())
            .map(
                arn -> {
                  TopicArn.region(arn);
                  return new SnsAlertPublisher(sns.get(), arn.trim(), retrier);
                });
    PrintStream stream =
        switch (config.consoleStream().trim()) {
          case "stdout" -> System.out;
          case "stderr" -> System.err;
          default ->
              throw new FleetConfigurationException(
                  "probefleet.alerts.console-stream",
                  "'" + config.consoleStream() + "' is not one of stdout, stderr");
        };
    Optional<AlertPublisher> console =
        config.console() ? Optional.of(new ConsoleAlertPublisher(stream)) : Optional.empty();
    if (topic.isPresent() && console.isPresent()) {
      AlertPublisher t = topic.get();
      AlertPublisher c = console.get();
      return (AlertMessage alert, Instant deadline) -> {
        c.publish(alert, deadline);
        return t.publish(alert, deadline);
      };
    }
    return topic
        .or(() -> console)
        .orElseThrow(
            () ->
                new FleetConfigurationException(
                    "probefleet.alerts.topic-arn",
                    "the analyzer has nowhere to send alerts: set an SNS topic ARN, or"
                        + " probefleet.alerts.console=true"));
  }

  @Singleton
  MetricsSink metrics(MetricsConfiguration config, Clock clock) {
    boolean emf =
        switch (config.kind().trim().toLowerCase(java.util.Locale.ROOT)) {
          case "emf" -> true;
          case "none" -> false;
          case "auto" -> System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
          default ->
              throw new FleetConfigurationException(
                  "probefleet.metrics.kind", "'" + config.kind() + "' is not emf, none or auto");
        };
    return emf
        ? new EmfMetrics(System.out, config.namespace(), config.perTargetDimensions(), clock)
        : MetricsSink.NONE;
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static void positive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new FleetConfigurationException(property, "must be a positive duration, got " + value);
    }
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

  private static InetSocketAddress resolver(String value) {
    String property = "probefleet.probe.resolver";
    int colon = value.lastIndexOf(':');
    String host = colon < 0 || value.indexOf(':') != colon ? value : value.substring(0, colon);
    String port = colon < 0 || value.indexOf(':') != colon ? "53" : value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
      throw new FleetConfigurationException(
          property, "'" + value + "': give the DNS server as an IP address, e.g. 10.0.0.2:53");
    }
    try {
      int p = Integer.parseInt(port.trim());
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (NumberFormatException e) {
      throw new FleetConfigurationException(
          property, "'" + value + "': the port must be a number from 1 to 65535");
    } catch (UnknownHostException e) {
      throw new FleetConfigurationException(property, "'" + value + "' is not an IP address");
    }
  }
}
