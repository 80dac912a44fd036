package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the targets registry is read ({@code probefleet.targets.*}).
 *
 * @param cacheTtl how long a container keeps the registry it read (changes apply within it)
 * @param maxStale how long a copy keeps serving while the registry cannot be read
 */
@ConfigurationProperties("probefleet.targets")
public record TargetsConfiguration(
    @Bindable(defaultValue = "5m") Duration cacheTtl,
    @Bindable(defaultValue = "1h") Duration maxStale) {}
