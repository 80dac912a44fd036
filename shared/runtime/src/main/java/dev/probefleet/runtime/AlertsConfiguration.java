package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where alerts go ({@code probefleet.alerts.*}).
 *
 * @param topicArn the SNS topic; its region is the one in the ARN
 * @param console also print every alert on the console (the local runner's default)
 * @param consoleStream where: {@code stdout}, or {@code stderr} when standard output carries a
 *     machine-read document (the local runner's {@code --output json})
 */
@ConfigurationProperties("probefleet.alerts")
public record AlertsConfiguration(
    @Nullable String topicArn,
    @Bindable(defaultValue = "false") boolean console,
    @Bindable(defaultValue = "stdout") String consoleStream) {}
