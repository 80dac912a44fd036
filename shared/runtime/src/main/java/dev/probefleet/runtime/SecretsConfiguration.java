package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where {@code ssm:} and {@code secretsmanager:} references are resolved ({@code
 * probefleet.secrets.*}).
 *
 * @param region the region whose SSM parameters and secrets are read; default the home region, so a
 *     fleet keeps one copy of each secret, next to its tables
 * @param cacheTtl how long a resolved value is reused (a rotation is picked up within it)
 */
@ConfigurationProperties("probefleet.secrets")
public record SecretsConfiguration(
    @Nullable String region, @Bindable(defaultValue = "5m") Duration cacheTtl) {}
