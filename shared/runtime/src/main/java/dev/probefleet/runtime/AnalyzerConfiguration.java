package dev.probefleet.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * How the analyzer decides ({@code probefleet.analyzer.*}).
 *
 * @param expectedRegions the probe regions of the fleet (a silent one is "no data")
 * @param grace how long after a slot ends it is first analysed
 * @param reanalyzeSlots how many earlier slots are analysed again for late regions
 * @param parallelism targets analysed at once
 * @param k failing samples that open an incident…
 * @param n …within this many slots
 * @param m healthy slots in a row that resolve it
 * @param certificateWarning how close to expiry a certificate is reported, and opens a WARN
 *     incident of its own
 * @param certificatePage how close to expiry that incident pages
 * @param publishBudget the most time one alert's publication may take
 * @param deadLetterAfter how long an undeliverable alert is retried before it is dead-lettered
 */
@ConfigurationProperties("probefleet.analyzer")
public record AnalyzerConfiguration(
    @Bindable(defaultValue = "") List<String> expectedRegions,
    @Bindable(defaultValue = "20s") Duration grace,
    @Bindable(defaultValue = "2") int reanalyzeSlots,
    @Bindable(defaultValue = "32") int parallelism,
    @Bindable(defaultValue = "2") int k,
    @Bindable(defaultValue = "3") int n,
    @Bindable(defaultValue = "3") int m,
    @Bindable(defaultValue = "14d") Duration certificateWarning,
    @Bindable(defaultValue = "3d") Duration certificatePage,
    @Bindable(defaultValue = "10s") Duration publishBudget,
    @Bindable(defaultValue = "24h") Duration deadLetterAfter) {}
