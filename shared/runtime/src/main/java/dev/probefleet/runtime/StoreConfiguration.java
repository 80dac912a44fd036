package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where rounds, incidents and targets are kept ({@code probefleet.store.*}).
 *
 * @param kind {@code dynamodb} (AWS, or an emulator at {@code endpoint}), {@code local} (DynamoDB
 *     Local under {@code data-dir}; the CLI only) or {@code memory} (nothing survives the process)
 * @param endpoint a DynamoDB endpoint other than AWS's (an emulator); else {@code
 *     probefleet.aws.endpoint}, else AWS in the home region
 * @param tablePrefix the deployment's prefix: tables are {@code <prefix>-rounds}, {@code
 *     <prefix>-incidents}, {@code <prefix>-targets}
 * @param dataDir the local store's directory
 * @param roundRetention how long rounds are kept before TTL removes them
 * @param writeConcurrency round puts in flight at once (a probe region writes across regions)
 * @param readBudget how long a read without a caller's deadline is retried
 */
@ConfigurationProperties("probefleet.store")
public record StoreConfiguration(
    @Bindable(defaultValue = "dynamodb") String kind,
    @Nullable String endpoint,
    @Bindable(defaultValue = "probefleet") String tablePrefix,
    @Bindable(defaultValue = "data") String dataDir,
    @Bindable(defaultValue = "7d") Duration roundRetention,
    @Bindable(defaultValue = "32") int writeConcurrency,
    @Bindable(defaultValue = "20s") Duration readBudget) {}
