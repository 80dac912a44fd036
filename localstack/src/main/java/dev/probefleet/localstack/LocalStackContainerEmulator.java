package dev.probefleet.localstack;

import java.net.URI;
import java.util.Map;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * LocalStack in a container, through Testcontainers. The image is pinned to the last community tag
 * that needs no account ({@value #DEFAULT_IMAGE}); {@code -Dprobefleet.localstack.image} or {@code
 * PROBEFLEET_LOCALSTACK_IMAGE} overrides it, and {@code LOCALSTACK_AUTH_TOKEN} is passed through
 * when set (newer images need one).
 */
final class LocalStackContainerEmulator implements AwsEmulator {
  static final String DEFAULT_IMAGE = "localstack/localstack:4.14";
  static final String IMAGE_PROPERTY = "probefleet.localstack.image";
  static final String IMAGE_VARIABLE = "PROBEFLEET_LOCALSTACK_IMAGE";

  private final LocalStackContainer container;
  private final String image;

  private LocalStackContainerEmulator(LocalStackContainer container, String image) {
    this.container = container;
    this.image = image;
  }

  static String image(Map<String, String> env, String property) {
    if (property != null && !property.isBlank()) {
      return property.trim();
    }
    String fromEnv = env.get(IMAGE_VARIABLE);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : DEFAULT_IMAGE;
  }

  @SuppressWarnings("resource") // closed in close()
  static LocalStackContainerEmulator start(Map<String, String> env, String imageProperty) {
    String image = image(env, imageProperty);
    LocalStackContainer container =
        new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
            .withServices("dynamodb", "sns", "sqs");
    String token = env.get("LOCALSTACK_AUTH_TOKEN");
    if (token != null && !token.isBlank()) {
      container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    try {
      container.start();
    } catch (RuntimeException e) {
      container.close();
      throw new EmulatorUnavailableException(
          "LocalStack (" + image + ") did not start: " + e.getMessage(), e);
    }
    return new LocalStackContainerEmulator(container, image);
  }

  @Override
  public Kind kind() {
    return Kind.LOCALSTACK_CONTAINER;
  }

  @Override
  public URI endpoint() {
    return container.getEndpoint();
  }

  @Override
  public Region region() {
    return Region.of(container.getRegion());
  }

  @Override
  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
  }

  @Override
  public String description() {
    return "LocalStack container " + image + " at " + endpoint();
  }

  @Override
  public void close() {
    container.close();
  }
}
