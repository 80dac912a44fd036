package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where this process stands in the fleet ({@code probefleet.*}).
 *
 * @param region the region this process probes as; default the Lambda's {@code AWS_REGION}, else
 *     {@code local}
 * @param homeRegion where the tables and the alert topic live; default {@code region}
 * @param interval the schedule's period: the length of a round slot
 * @param shards how many shards the registry is split into (each scheduled invocation gets its
 *     index in its input)
 */
@ConfigurationProperties("probefleet")
public record FleetConfiguration(
    @Nullable String region,
    @Nullable String homeRegion,
    @Bindable(defaultValue = "60s") Duration interval,
    @Bindable(defaultValue = "1") int shards) {}
