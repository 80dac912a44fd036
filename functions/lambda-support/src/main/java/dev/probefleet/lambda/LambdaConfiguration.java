package dev.probefleet.lambda;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the functions use their invocation ({@code probefleet.lambda.*}).
 *
 * @param deadlineMargin time kept from the invocation's remaining time for returning and logging:
 *     the services must be done this much before Lambda would stop the function
 * @param primeAtInit prime the probe client while the function initialises (not only before a
 *     SnapStart snapshot): the first round after a cold start then times like a warm one
 * @param initLimit Lambda's limit on the init phase, which priming at init keeps within: 10 s for
 *     an on-demand function (AWS Lambda Developer Guide, "Understanding the Lambda execution
 *     environment lifecycle")
 */
@ConfigurationProperties("probefleet.lambda")
public record LambdaConfiguration(
    @Bindable(defaultValue = "2s") Duration deadlineMargin,
    @Bindable(defaultValue = "true") boolean primeAtInit,
    @Bindable(defaultValue = "10s") Duration initLimit) {}
