package dev.probefleet.functions.probe;

import dev.probefleet.lambda.LambdaContexts;
import dev.probefleet.lambda.ScheduledFunction;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.probing.ProbeReport;
import dev.probefleet.probing.ProbeService;
import io.micronaut.context.ApplicationContextBuilder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regional probe function (handler {@code dev.probefleet.functions.probe.ProbeFunction}).
 *
 * <p>An EventBridge Scheduler schedule in each probe region invokes it every period with {@code
 * {"shard": "i/n", "scheduledTime": "<aws.scheduler.scheduled-time>"}}. It probes every path of the
 * shard's targets this region may reach ({@code probeFrom}), until the invocation's remaining time
 * minus {@code probefleet.lambda.deadline-margin}, writes the rounds to the home region's table and
 * emits the EMF metrics: {@link ProbeService} does all of it. A path it could not probe is written
 * into its round as unprobed, so the round reads as incomplete, never as healthy.
 *
 * <p>Configuration comes from the environment the stack sets ({@code PROBEFLEET_HOME_REGION},
 * {@code PROBEFLEET_STORE_TABLE_PREFIX}, {@code PROBEFLEET_SHARDS}, {@code PROBEFLEET_INTERVAL};
 * the region is Lambda's {@code AWS_REGION}).
 */
public class ProbeFunction extends ScheduledFunction {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeFunction.class);

  private final ProbeService probes;

  /** The constructor Lambda calls. */
  public ProbeFunction() {
    this(LambdaContexts.builder());
  }

  /** A function on a context of the caller's (tests pass their properties this way). */
  public ProbeFunction(ApplicationContextBuilder builder) {
    super(builder);
    this.probes = service(ProbeService.class);
    primeAtInit();
  }

  @Override
  protected Map<String, Object> run(Scheduled invocation) {
    RoundSlot slot = RoundSlot.containing(invocation.firedAt(), fleet().period());
    ProbeReport report =
        probes.probe(fleet().region(), invocation.shard(), slot, invocation.deadline());
    Map<String, Object> summary = report.summary();
    LOG.info("probe round {}", summary);
    return summary;
  }
}
