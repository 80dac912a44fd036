package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where alerts go ({@code probefleet.alerts.*}).
 *
 * @param topicArn the SNS topic; its region is the one in the ARN
 * @param console also print every alert on standard output (the local runner's default)
 */
@ConfigurationProperties("probefleet.alerts")
public record AlertsConfiguration(
    @Nullable String topicArn, @Bindable(defaultValue = "false") boolean console) {}
