package dev.probefleet.runtime;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
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
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One factory per AWS service client, all built the same way (see the package documentation for the
 * retry policy): the region each service lives in, the endpoint override of an emulator,
 * connection, read and per-attempt timeouts, the lightweight URL-connection HTTP client, and no SDK
 * retries where the project's own retrier already retries within the caller's deadline.
 */
@Factory
final class AwsClientFactory {

  /** DynamoDB in the home region: every region's probe function writes its rounds there. */
  @Singleton
  @Named("home")
  @Bean(preDestroy = "close")
  DynamoDbClient homeDynamoDb(FleetSettings fleet, AwsConfiguration aws, StoreConfiguration store) {
    String endpoint = store.endpoint() != null ? store.endpoint() : aws.endpoint();
    return configure(
            DynamoDbClient.builder(),
            fleet.homeRegion(),
            endpoint,
            store.endpoint() != null ? "probefleet.store.endpoint" : "probefleet.aws.endpoint",
            aws,
            false)
        .build();
  }

  /** SNS in the region of the alert topic (from its ARN). */
  @Singleton
  @Bean(preDestroy = "close")
  SnsClient sns(FleetSettings fleet, AwsConfiguration aws, AlertsConfiguration alerts) {
    String region = fleet.homeRegion();
    if (alerts.topicArn() != null) {
      region = TopicArn.region(alerts.topicArn());
    }
    return configure(
            SnsClient.builder(), region, aws.endpoint(), "probefleet.aws.endpoint", aws, false)
        .build();
  }

  /** SSM in the secrets region (default: home). Standard SDK retries: no retrier of our own. */
  @Singleton
  @Bean(preDestroy = "close")
  SsmClient ssm(FleetSettings fleet, AwsConfiguration aws, SecretsConfiguration secrets) {
    return configure(
            SsmClient.builder(),
            secrets.region() != null ? secrets.region() : fleet.homeRegion(),
            aws.endpoint(),
            "probefleet.aws.endpoint",
            aws,
            true)
        .build();
  }

  /** Secrets Manager in the secrets region (default: home). Standard SDK retries. */
  @Singleton
  @Bean(preDestroy = "close")
  SecretsManagerClient secretsManager(
      FleetSettings fleet, AwsConfiguration aws, SecretsConfiguration secrets) {
    return configure(
            SecretsManagerClient.builder(),
            secrets.region() != null ? secrets.region() : fleet.homeRegion(),
            aws.endpoint(),
            "probefleet.aws.endpoint",
            aws,
            true)
        .build();
  }

  /**
   * @param sdkRetries keep the SDK's standard retries (3 attempts) for a client whose callers do
   *     not retry themselves; otherwise none, so retries never stack
   */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder,
      String region,
      String endpoint,
      String endpointProperty,
      AwsConfiguration aws,
      boolean sdkRetries) {
    builder.region(Region.of(region));
    builder.httpClient(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(aws.connectionTimeout())
            .socketTimeout(aws.socketTimeout())
            .build());
    builder.overrideConfiguration(
        o -> {
          o.apiCallAttemptTimeout(aws.attemptTimeout());
          if (!sdkRetries) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        });
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(uri(endpoint, endpointProperty));
      builder.credentialsProvider(emulatorCredentials());
    }
    return builder;
  }

  /**
   * Against an emulator the default chain usually finds nothing: fall back to fixed credentials
   * (emulators accept any), after whatever the environment does provide.
   */
  private static AwsCredentialsProvider emulatorCredentials() {
    return AwsCredentialsProviderChain.builder()
        .reuseLastProviderEnabled(true)
        .credentialsProviders(
            DefaultCredentialsProvider.builder().build(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("probefleet-local", "probefleet-local")))
        .build();
  }

  private static URI uri(String value, String property) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new FleetConfigurationException(
            property, "'" + value + "' is not an http(s) URL such as http://127.0.0.1:4566");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new FleetConfigurationException(
          property, "'" + value + "' is not an http(s) URL such as http://127.0.0.1:4566");
    }
  }
}
