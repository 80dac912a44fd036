package dev.probefleet.config;

import dev.probefleet.model.HeaderValue;

/**
 * Supplies the value behind a secret reference of the targets file ({@code {secret: "ssm:/path"}},
 * {@code {secret: "secretsmanager:id"}}, {@code {env: "NAME"}}) just before a probe.
 * Implementations must never log, store or put a value in an exception message.
 *
 * <p>{@link EnvironmentSecretResolver} serves {@code env:} references; resolvers backed by AWS
 * Systems Manager Parameter Store and Secrets Manager live with the AWS adapters, outside the core.
 */
@FunctionalInterface
public interface SecretResolver {

  /**
   * The secret's value.
   *
   * @throws SecretUnavailableException when this resolver cannot supply it, saying why (never with
   *     a value)
   */
  String resolve(HeaderValue.Secret secret);
}
