package dev.probefleet.config;

import dev.probefleet.model.HeaderValue;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves {@code {env: NAME}} references from an environment given at construction (the process
 * environment in production, a map in tests). It reports {@code ssm:} and {@code secretsmanager:}
 * references as unavailable: those need the AWS-backed resolvers.
 *
 * <p>Deliberately not a record: a record's {@code toString} would print the environment.
 */
public final class EnvironmentSecretResolver implements SecretResolver {

  private final Map<String, String> environment;

  /** Resolves from the given environment (copied). */
  public EnvironmentSecretResolver(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /** Resolves from this process's environment. */
  public static EnvironmentSecretResolver fromSystemEnvironment() {
    return new EnvironmentSecretResolver(System.getenv());
  }

  @Override
  public String resolve(HeaderValue.Secret secret) {
    return switch (secret.source()) {
      case ENV -> {
        String value = environment.get(secret.id());
        if (value == null) {
          throw new SecretUnavailableException(
              secret, "environment variable " + secret.id() + " is not set");
        }
        if (value.isEmpty()) {
          throw new SecretUnavailableException(
              secret, "environment variable " + secret.id() + " is set but empty");
        }
        yield value;
      }
      case SSM ->
          throw new SecretUnavailableException(
              secret,
              "SSM Parameter Store references need the AWS parameter resolver, which is not"
                  + " configured here (only {env: …} references are)");
      case SECRETS_MANAGER ->
          throw new SecretUnavailableException(
              secret,
              "Secrets Manager references need the AWS secrets resolver, which is not configured"
                  + " here (only {env: …} references are)");
    };
  }

  @Override
  public String toString() {
    return "EnvironmentSecretResolver[" + environment.size() + " variables]";
  }
}
