package dev.probefleet.functions.analyzer;

import dev.probefleet.analyzer.AnalysisReport;
import dev.probefleet.analyzer.AnalyzerService;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.lambda.LambdaContexts;
import dev.probefleet.lambda.ScheduledFunction;
import dev.probefleet.model.Shard;
import io.micronaut.context.ApplicationContextBuilder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyzer function, in the home region (handler {@code
 * dev.probefleet.functions.analyzer.AnalyzerFunction}).
 *
 * <p>An EventBridge Scheduler schedule invokes it at the start of every period, like the probe
 * schedules, with {@code {"shard": "i/n", "scheduledTime": "<aws.scheduler.scheduled-time>"}}. It
 * waits until the grace period of the slot just over is done (every region's round, with its
 * confirmation, should be in), analyses that slot, re-analyses the earlier slots that lacked a
 * region, commits incidents, and publishes the outbox first and last: {@link
 * AnalyzerService#analyzeScheduled} does all of it, within the invocation's remaining time minus
 * {@code probefleet.lambda.deadline-margin} — reads included.
 *
 * <p>Why a schedule and not a DynamoDB stream on the rounds table: a slot is complete only when
 * every region has written (or the grace period says it will not), which no single stream record
 * tells; a stream would invoke the analyzer once per round batch — many times per slot, each
 * reading the same state — where a schedule analyses each slot once, in one pass over the registry;
 * and the re-analysis of late regions, the outbox's retries and the "no data" of a silent region
 * all need a run that happens even when nothing was written.
 */
public class AnalyzerFunction extends ScheduledFunction {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzerFunction.class);

  private final AnalyzerService analyzer;

  /** The constructor Lambda calls. */
  public AnalyzerFunction() {
    this(LambdaContexts.builder());
  }

  /** A function on a context of the caller's (tests pass their properties this way). */
  public AnalyzerFunction(ApplicationContextBuilder builder) {
    super(builder);
    this.analyzer = service(AnalyzerService.class);
    primeAtInit();
  }

  @Override
  protected Map<String, Object> run(Scheduled invocation) {
    AnalysisReport report =
        analyzer.analyzeScheduled(invocation.firedAt(), invocation.shard(), invocation.deadline());
    Map<String, Object> summary = summary(report, invocation.shard());
    if (report.complete()) {
      LOG.info("analysis {}", summary);
    } else {
      LOG.warn("analysis incomplete {}", summary);
    }
    return summary;
  }

  private static Map<String, Object> summary(AnalysisReport report, Shard shard) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("slot", report.slot().id());
    out.put("shard", shard.toString());
    out.put("targets", report.targets().size());
    Map<String, Long> statuses = new TreeMap<>();
    for (TargetAnalysis t : report.targets()) {
      statuses.merge(t.status().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
    }
    out.put("statuses", statuses);
    out.put("transitions", report.transitions());
    out.put("alertsPublished", report.alertsPublished().size());
    out.put("alertsPending", report.alertsPending().size());
    out.put("alertsDeadLettered", report.alertsDeadLettered().size());
    out.put("errors", report.errors().stream().limit(20).toList());
    out.put("complete", report.complete());
    return out;
  }
}
