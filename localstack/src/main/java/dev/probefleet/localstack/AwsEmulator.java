package dev.probefleet.localstack;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** A running AWS emulator (or a real endpoint given through {@code AWS_ENDPOINT_URL}). */
public interface AwsEmulator extends AutoCloseable {

  /** What kind of emulator this is. */
  enum Kind {
    /** An endpoint given through {@code AWS_ENDPOINT_URL}; not started or stopped by us. */
    EXTERNAL,
    /** LocalStack in a container started through Testcontainers. */
    LOCALSTACK_CONTAINER,
    /** A moto server process on a loopback port. */
    MOTO_PROCESS
  }

  Kind kind();

  /** The single endpoint serving every AWS service. */
  URI endpoint();

  Region region();

  AwsCredentialsProvider credentials();

  /** One line for the test log: what runs where. */
  String description();

  /** Points an SDK client builder at this emulator. */
  default <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
    return builder.endpointOverride(endpoint()).region(region()).credentialsProvider(credentials());
  }

  /** Stops the emulator if we started it. */
  @Override
  void close();
}
