package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where measurements go ({@code probefleet.metrics.*}).
 *
 * @param kind {@code emf} (CloudWatch Embedded Metric Format lines on standard output), {@code
 *     none}, or {@code auto}: EMF inside Lambda, nothing elsewhere
 * @param namespace the CloudWatch namespace
 * @param perTargetDimensions add the target as a dimension (every distinct value is a billed custom
 *     metric: opt in knowingly)
 */
@ConfigurationProperties("probefleet.metrics")
public record MetricsConfiguration(
    @Bindable(defaultValue = "auto") String kind,
    @Bindable(defaultValue = "probefleet") String namespace,
    @Bindable(defaultValue = "false") boolean perTargetDimensions) {}
