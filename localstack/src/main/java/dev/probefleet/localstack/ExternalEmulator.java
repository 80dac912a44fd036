package dev.probefleet.localstack;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** An endpoint someone else runs, given through {@code AWS_ENDPOINT_URL}. */
final class ExternalEmulator implements AwsEmulator {
  private final URI endpoint;
  private final Region region;
  private final AwsCredentialsProvider credentials;

  ExternalEmulator(URI endpoint, Region region, AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  /** Reads {@code AWS_ENDPOINT_URL}, the region and (optional) credentials from the environment. */
  static ExternalEmulator fromEnvironment(Map<String, String> env) {
    String url = env.get(EmulatorSelection.ENDPOINT_VARIABLE);
    URI endpoint;
    try {
      endpoint = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new EmulatorUnavailableException(
          "AWS_ENDPOINT_URL='" + url + "' is not a URL: " + e.getMessage(), e);
    }
    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new EmulatorUnavailableException(
          "AWS_ENDPOINT_URL='" + url + "' needs a scheme and a host, e.g. http://127.0.0.1:4566");
    }
    String region =
        firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), "us-east-1");
    String key = firstNonBlank(env.get("AWS_ACCESS_KEY_ID"), "test");
    String secret = firstNonBlank(env.get("AWS_SECRET_ACCESS_KEY"), "test");
    return new ExternalEmulator(
        endpoint,
        Region.of(region),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)));
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  @Override
  public Kind kind() {
    return Kind.EXTERNAL;
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public Region region() {
    return region;
  }

  @Override
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  @Override
  public String description() {
    return "external endpoint " + endpoint + " (from AWS_ENDPOINT_URL), region " + region;
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
