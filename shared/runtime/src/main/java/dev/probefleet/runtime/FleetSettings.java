package dev.probefleet.runtime;

import dev.probefleet.definitions.ResourceNames;
import java.time.Duration;
import java.util.Objects;

/**
 * The validated core of the fleet's configuration, as the factories use it.
 *
 * @param region the region this process probes as
 * @param homeRegion where the tables and the topic live
 * @param period the schedule's period
 * @param shards how many shards the registry is split into
 * @param names the physical names of the tables
 */
public record FleetSettings(
    String region, String homeRegion, Duration period, int shards, ResourceNames names) {
  public FleetSettings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(homeRegion, "homeRegion");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(names, "names");
  }
}
