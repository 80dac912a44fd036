package dev.probefleet.functions.plain;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Shard;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.probing.ProbeService;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe function without a framework (handler {@code
 * dev.probefleet.functions.plain.PlainProbeHandler}): the baseline {@code make bench-functions}
 * measures the Micronaut {@code ProbeFunction}'s cold start against. Same input ({@code {"shard":
 * "i/n", "scheduledTime": "…"}}), same service call, same summary; its objects built by hand
 * ({@link PlainFleet}). Not deployed.
 */
public final class PlainProbeHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private static final Logger LOG = LoggerFactory.getLogger(PlainProbeHandler.class);

  private final PlainFleet fleet;
  private final ProbeService probes;

  /** The constructor Lambda calls. */
  public PlainProbeHandler() {
    this(new PlainFleet(PlainEnvironment.of(System.getenv())));
  }

  PlainProbeHandler(PlainFleet fleet) {
    this.fleet = fleet;
    this.probes = fleet.probeService();
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    PlainEnvironment env = fleet.environment();
    Instant now = fleet.clock().instant();
    Shard shard = shard(input, env.shards());
    Instant scheduled = scheduledTime(input, now);
    Instant deadline =
        now.plusMillis(context.getRemainingTimeInMillis()).minus(env.deadlineMargin());
    ProbeReport report =
        probes.probe(
            env.region(), shard, RoundSlot.containing(scheduled, env.interval()), deadline);
    Map<String, Object> summary = report.summary();
    LOG.info("probe round {}", summary);
    return summary;
  }

  private static Shard shard(Map<String, Object> input, int shards) {
    Object value = input == null ? null : input.get("shard");
    if (value == null) {
      if (shards == 1) {
        return Shard.ALL;
      }
      throw new IllegalArgumentException("shard: missing; the fleet has " + shards + " shards");
    }
    Shard shard;
    try {
      shard = Shard.parse(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("shard: " + e.getMessage(), e);
    }
    if (shard.count() != shards) {
      throw new IllegalArgumentException(
          "shard: the input says " + shard + " but the fleet has " + shards + " shard(s)");
    }
    return shard;
  }

  private static Instant scheduledTime(Map<String, Object> input, Instant now) {
    Object value = input == null ? null : input.get("scheduledTime");
    if (value == null) {
      return now;
    }
    try {
      return Instant.parse(String.valueOf(value).trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "scheduledTime: '" + value + "' is not an ISO-8601 instant", e);
    }
  }
}
