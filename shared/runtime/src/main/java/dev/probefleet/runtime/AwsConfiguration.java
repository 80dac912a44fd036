package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the AWS SDK clients talk to AWS ({@code probefleet.aws.*}).
 *
 * @param endpoint one endpoint for every service (an emulator); default AWS's own
 * @param connectionTimeout to open a connection
 * @param socketTimeout between two reads of an answer
 * @param attemptTimeout one HTTP attempt of a call: a hung connection fails fast and the project's
 *     retrier tries again within the caller's deadline
 */
@ConfigurationProperties("probefleet.aws")
public record AwsConfiguration(
    @Nullable String endpoint,
    @Bindable(defaultValue = "2s") Duration connectionTimeout,
    @Bindable(defaultValue = "10s") Duration socketTimeout,
    @Bindable(defaultValue = "10s") Duration attemptTimeout) {}
