package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How rounds are probed ({@code probefleet.probe.*}).
 *
 * @param maxOpenConnections probes in flight at once; unset: {@link ProbeConcurrency#defaultBound}
 *     (512, or in a Lambda function scaled to its memory size's share of a CPU)
 * @param defaultTimeout a probe's deadline when its path sets none
 * @param resolver a DNS server ({@code IP[:port]}) instead of the system's
 * @param confirm whether failing paths get the fast confirmation
 * @param confirmationDelay the back-off before it
 * @param writeReserve time kept from the deadline to write the rounds
 */
@ConfigurationProperties("probefleet.probe")
public record ProbeConfiguration(
    @Nullable Integer maxOpenConnections,
    @Bindable(defaultValue = "10s") Duration defaultTimeout,
    @Nullable String resolver,
    @Bindable(defaultValue = "true") boolean confirm,
    @Bindable(defaultValue = "3s") Duration confirmationDelay,
    @Bindable(defaultValue = "5s") Duration writeReserve) {}
