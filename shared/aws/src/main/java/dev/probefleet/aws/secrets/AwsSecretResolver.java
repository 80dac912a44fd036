package dev.probefleet.aws.secrets;

import dev.probefleet.config.EnvironmentSecretResolver;
import dev.probefleet.config.SecretResolver;
import dev.probefleet.config.SecretUnavailableException;
import dev.probefleet.model.HeaderValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Resolves {@code ssm:} references with {@code GetParameter} (decrypted) and {@code
 * secretsmanager:} references with {@code GetSecretValue} (its string value), and {@code env:}
 * references from the environment. Values are cached for a while ({@code ttl}), because a probe
 * function resolves the same headers every minute; a rotated secret is picked up after the TTL.
 *
 * <p>Errors name the reference and what AWS said, never a value.
 */
public final class AwsSecretResolver implements SecretResolver {
  private final Supplier<SsmClient> ssm;
  private final Supplier<SecretsManagerClient> secretsManager;
  private final SecretResolver environment;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(String value, Instant until) {}

  /**
   * @param ssm client for {@code ssm:} references (null: such references are unavailable)
   * @param secretsManager client for {@code secretsmanager:} references (null: unavailable)
   */
  public AwsSecretResolver(
      SsmClient ssm,
      SecretsManagerClient secretsManager,
      Map<String, String> environment,
      Duration ttl,
      Clock clock) {
    this(() -> ssm, () -> secretsManager, environment, ttl, clock);
  }

  /**
   * Clients built on first use: a fleet whose headers hold no {@code ssm:} or {@code
   * secretsmanager:} reference never pays for building them.
   *
   * @param ssm supplies the client for {@code ssm:} references (null result: unavailable)
   * @param secretsManager supplies the client for {@code secretsmanager:} references
   */
  public AwsSecretResolver(
      Supplier<SsmClient> ssm,
      Supplier<SecretsManagerClient> secretsManager,
      Map<String, String> environment,
      Duration ttl,
      Clock clock) {
    this.ssm = Objects.requireNonNull(ssm, "ssm");
    this.secretsManager = Objects.requireNonNull(secretsManager, "secretsManager");
    this.environment = new EnvironmentSecretResolver(environment);
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String resolve(HeaderValue.Secret secret) {
    if (secret.source() == HeaderValue.Secret.Source.ENV) {
      return environment.resolve(secret);
    }
    Instant now = clock.instant();
    Cached cached = cache.get(secret.reference());
    if (cached != null && now.isBefore(cached.until())) {
      return cached.value();
    }
    String value =
        switch (secret.source()) {
          case SSM -> fromSsm(secret);
          case SECRETS_MANAGER -> fromSecretsManager(secret);
          case ENV -> throw new IllegalStateException("handled above");
        };
    cache.put(secret.reference(), new Cached(value, now.plus(ttl)));
    return value;
  }

  private String fromSsm(HeaderValue.Secret secret) {
    SsmClient ssm = this.ssm.get();
    if (ssm == null) {
      throw new SecretUnavailableException(secret, "no SSM client is configured here");
    }
    try {
      return ssm.getParameter(b -> b.name(secret.id()).withDecryption(true)).parameter().value();
    } catch (ParameterNotFoundException e) {
      throw new SecretUnavailableException(secret, "no such SSM parameter", e);
    } catch (SdkException e) {
      throw new SecretUnavailableException(secret, "SSM refused: " + firstLine(e.getMessage()), e);
    }
  }

  private String fromSecretsManager(HeaderValue.Secret secret) {
    SecretsManagerClient secretsManager = this.secretsManager.get();
    if (secretsManager == null) {
      throw new SecretUnavailableException(secret, "no Secrets Manager client is configured here");
    }
    try {
      GetSecretValueResponse response = secretsManager.getSecretValue(b -> b.secretId(secret.id()));
      if (response.secretString() == null) {
        throw new SecretUnavailableException(
            secret, "the secret has no string value (binary secrets are not supported)");
      }
      return response.secretString();
    } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
      throw new SecretUnavailableException(secret, "no such secret in Secrets Manager", e);
    } catch (SdkException e) {
      throw new SecretUnavailableException(
          secret, "Secrets Manager refused: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
