package dev.probefleet.cli.board;

import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.Severity;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's measurements as Prometheus metrics, for {@code GET /metrics} of {@code probefleet
 * run}: the services report to it as they report to CloudWatch (EMF) in Lambda — the same {@link
 * MetricsSink} calls — so a Grafana dashboard and a CloudWatch one show the same figures.
 *
 * <p>Per path: {@code probefleet_probe_success} and {@code probefleet_probe_duration_seconds} by
 * phase (as blackbox_exporter names its own), failures by class; per target: {@code
 * probefleet_verdict{layer,cause}} set to 1 for the current verdict only; the open incidents by
 * layer, read from the history at scrape time (so an incident resolved by another process is not
 * shown open here); the alert outbox's depth and oldest age; the rounds' and the analyzer's own
 * timings.
 *
 * <p>Active when {@code probefleet.metrics.kind=prometheus} (what {@code probefleet run} sets), in
 * place of the factory's sink.
 */
@Singleton
@Replaces(MetricsSink.class)
@Requires(property = "probefleet.metrics.kind", value = "prometheus")
public final class PrometheusMetrics implements MetricsSink {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);

  /** Pages of open incidents read per scrape, 1,000 each: beyond that the count is a floor. */
  private static final int OPEN_PAGES = 10;

  private static final Duration SCRAPE_READ_BUDGET = Duration.ofSeconds(5);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final BeanProvider<IncidentHistory> history;
  private final Map<String, String[]> verdicts = new ConcurrentHashMap<>();

  private final Gauge success;
  private final Gauge duration;
  private final Gauge status;
  private final Counter failures;
  private final Gauge verdict;
  private final Gauge roundDuration;
  private final Gauge roundPaths;
  private final Gauge roundFailing;
  private final Gauge roundUnprobed;
  private final Counter unwritten;
  private final Gauge slotLag;
  private final Gauge analyzerDuration;
  private final Gauge silentRegions;
  private final Gauge outboxDepth;
  private final Gauge outboxOldest;
  private final Counter alertsPublished;
  private final Counter alertPublishFailures;
  private final Counter alertsDeadLettered;

  PrometheusMetrics(BeanProvider<IncidentHistory> history) {
    this.history = history;
    success =
        Gauge.builder()
            .name("probefleet_probe_success")
            .help("1 when the path's last probe answered as expected, else 0")
            .labelNames("target", "path", "region")
            .register(registry);
    duration =
        Gauge.builder()
            .name("probefleet_probe_duration_seconds")
            .help("Duration of each phase of the path's last probe")
            .unit(Unit.SECONDS)
            .labelNames("target", "path", "region", "phase")
            .register(registry);
    status =
        Gauge.builder()
            .name("probefleet_probe_http_status")
            .help("HTTP status of the path's last probe (0 when no status line came)")
            .labelNames("target", "path", "region")
            .register(registry);
    failures =
        Counter.builder()
            .name("probefleet_probe_failures")
            .help("Failed probes by failure class")
            .labelNames("target", "path", "region", "class")
            .register(registry);
    verdict =
        Gauge.builder()
            .name("probefleet_verdict")
            .help("1 for the target's current verdict (layer NONE: healthy); other label sets gone")
            .labelNames("target", "layer", "cause", "severity")
            .register(registry);
    GaugeWithCallback.builder()
        .name("probefleet_open_incidents")
        .help("Incidents open now, by layer, as the incident history holds them")
        .labelNames("layer")
        .callback(callback -> openByLayer().forEach((layer, n) -> callback.call(n, layer.name())))
        .register(registry);
    roundDuration =
        Gauge.builder()
            .name("probefleet_round_duration_seconds")
            .help("Duration of the last probe round, writes included")
            .unit(Unit.SECONDS)
            .labelNames("region")
            .register(registry);
    roundPaths =
        Gauge.builder()
            .name("probefleet_round_paths")
            .help("Paths probed in the last round")
            .labelNames("region")
            .register(registry);
    roundFailing =
        Gauge.builder()
            .name("probefleet_round_failing_paths")
            .help("Paths whose answer failed in the last round")
            .labelNames("region")
            .register(registry);
    roundUnprobed =
        Gauge.builder()
            .name("probefleet_round_unprobed_paths")
            .help("Paths the last round did not probe for the prober's own reasons")
            .labelNames("region")
            .register(registry);
    unwritten =
        Counter.builder()
            .name("probefleet_rounds_unwritten")
            .help("Target rounds that could not be stored")
            .labelNames("region")
            .register(registry);
    slotLag =
        Gauge.builder()
            .name("probefleet_analyzer_slot_lag_seconds")
            .help("From the end of the newest slot analysed to the end of the analyzer's last run")
            .unit(Unit.SECONDS)
            .register(registry);
    analyzerDuration =
        Gauge.builder()
            .name("probefleet_analyzer_duration_seconds")
            .help("Duration of the analyzer's last run")
            .unit(Unit.SECONDS)
            .register(registry);
    silentRegions =
        Gauge.builder()
            .name("probefleet_analyzer_silent_regions")
            .help("Expected regions that sent no round for the last slot, summed over targets")
            .register(registry);
    outboxDepth =
        Gauge.builder()
            .name("probefleet_alert_outbox_depth")
            .help("Alerts waiting to be published (a floor when the outbox holds over 1,000)")
            .register(registry);
    outboxOldest =
        Gauge.builder()
            .name("probefleet_alert_outbox_oldest_age_seconds")
            .help("Age of the oldest alert waiting, 0 when none waits")
            .unit(Unit.SECONDS)
            .register(registry);
    alertsPublished =
        Counter.builder()
            .name("probefleet_alerts_published")
            .help("Alerts published")
            .register(registry);
    alertPublishFailures =
        Counter.builder()
            .name("probefleet_alert_publish_failures")
            .help("Publications that failed (the alert stays in the outbox)")
            .register(registry);
    alertsDeadLettered =
        Counter.builder()
            .name("probefleet_alerts_dead_lettered")
            .help("Alerts given up after their retries, kept as dead letters")
            .register(registry);
  }

  /** What {@code /metrics} writes. */
  public PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void round(RoundRecord round) {
    for (PathObservation o : round.observations()) {
      ProbeResult r = o.representative();
      String path = o.label();
      success.labelValues(round.target(), path, round.region()).set(r.failing() ? 0 : 1);
      status
          .labelValues(round.target(), path, round.region())
          .set(r.status() == null ? 0 : r.status());
      if (r.failing()) {
        failures.labelValues(round.target(), path, round.region(), r.failureClass().name()).inc();
      }
      PhaseTimings t = r.timings();
      phase(round, path, "dns", t.dns());
      phase(round, path, "connect", t.connect());
      phase(round, path, "tls", t.tls());
      phase(round, path, "request_write", t.requestWrite());
      phase(round, path, "ttfb", t.ttfb());
      phase(round, path, "download", t.download());
      phase(round, path, "total", t.total());
    }
  }

  private void phase(RoundRecord round, String path, String phase, Long nanos) {
    if (nanos == null) {
      // A phase that did not run this time (no TLS on a failed connect) shows no stale value.
      duration.remove(round.target(), path, round.region(), phase);
    } else {
      duration.labelValues(round.target(), path, round.region(), phase).set(nanos / 1e9);
    }
  }

  @Override
  public void verdict(String target, String region, Layer layer, Cause cause, Severity severity) {
    String[] labels = {target, layer.name(), cause.name(), severity.name()};
    String[] before = verdicts.put(target, labels);
    if (before != null && !java.util.Arrays.equals(before, labels)) {
      verdict.remove(before);
    }
    verdict.labelValues(labels).set(1);
  }

  @Override
  public void probeRun(
      String region, int paths, int failing, int unprobed, int notWritten, Duration elapsed) {
    roundDuration.labelValues(region).set(elapsed.toNanos() / 1e9);
    roundPaths.labelValues(region).set(paths);
    roundFailing.labelValues(region).set(failing);
    roundUnprobed.labelValues(region).set(unprobed);
    unwritten.labelValues(region).inc(notWritten);
  }

  @Override
  public void analyzerRun(
      Duration lag, Duration elapsed, int analysed, int failed, int skipped, int silent) {
    slotLag.set(lag.toNanos() / 1e9);
    analyzerDuration.set(elapsed.toNanos() / 1e9);
    silentRegions.set(silent);
  }

  @Override
  public void outbox(
      int pending,
      boolean pendingIsLowerBound,
      Optional<Duration> oldestPending,
      int published,
      int failed,
      int deadLettered) {
    outboxDepth.set(pending);
    outboxOldest.set(oldestPending.map(d -> d.toNanos() / 1e9).orElse(0.0));
    alertsPublished.inc(published);
    alertPublishFailures.inc(failed);
    alertsDeadLettered.inc(deadLettered);
  }

  /**
   * The open incidents by layer, every layer present (0 when none), read now. A store that cannot
   * be read leaves the series out of this scrape (Prometheus then shows a gap, not a false 0).
   */
  private Map<Layer, Integer> openByLayer() {
    Map<Layer, Integer> open = new EnumMap<>(Layer.class);
    Instant deadline = Instant.now().plus(SCRAPE_READ_BUDGET);
    try {
      PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
      for (int i = 0; i < OPEN_PAGES; i++) {
        Page<IncidentSummary> found = history.get().find(IncidentQuery.open(), page, deadline);
        for (IncidentSummary incident : found.items()) {
          open.merge(incident.signature().layer(), 1, Integer::sum);
        }
        if (found.continuation().isEmpty()) {
          break;
        }
        page = new PageRequest(PageRequest.MAX_LIMIT, found.continuation());
      }
    } catch (RuntimeException e) {
      LOG.warn("open incidents not counted for /metrics: {}", e.toString());
      return Map.of();
    }
    for (Layer layer : List.of(Layer.values())) {
      open.putIfAbsent(layer, 0);
    }
    return open;
  }
}
