package dev.probefleet.aws.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.metrics.MetricsSink;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.PathObservation;
import dev.probefleet.model.PhaseTimings;
import dev.probefleet.model.ProbeResult;
import dev.probefleet.model.RoundRecord;
import dev.probefleet.model.Severity;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Metrics as CloudWatch Embedded Metric Format lines on standard output — no API call, no latency:
 * the Lambda runtime ships the lines to CloudWatch Logs, which extracts the metrics.
 *
 * <p><b>Aggregated, because log ingestion is billed per byte.</b> A round's probes are not written
 * one line each: {@link #round} adds each path's values to a series per {@code path} / {@code
 * region}, and {@link #flush} writes each series as EMF value arrays (at most 100 values per metric
 * per line, as EMF allows), so a 3,000-probe round is some 30 lines instead of 3,000. Statistics
 * are unchanged: {@code ProbeFailure} is 0 or 1 per probe (a burst's failing share), so its Average
 * is the failure rate and its Sum the failures. Verdicts are counted per {@code layer} / {@code
 * region}. A failing path still gets one line of its own, a plain structured log event (no metric)
 * with the target, class and status, for CloudWatch Logs Insights.
 *
 * <p>Per-target dimensions are opt-in ({@code perTargetDimensions}): every distinct dimension value
 * is a billed custom metric (1,000 targets × 3 paths × 4 regions is 12,000 of them), and they need
 * one line per path again.
 */
public final class EmfMetrics implements MetricsSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** EMF's limit on the values of one metric in one line. */
  static final int MAX_VALUES = 100;

  private static final List<Metric> PROBE_METRICS =
      List.of(
          new Metric("ProbeFailure", "Count"),
          new Metric("ProbeSuccess", "Count"),
          new Metric("TotalTime", "Milliseconds"),
          new Metric("TimeToFirstByte", "Milliseconds"),
          new Metric("ConnectTime", "Milliseconds"),
          new Metric("TlsTime", "Milliseconds"),
          new Metric("DnsTime", "Milliseconds"));

  private final PrintStream out;
  private final String namespace;
  private final boolean perTargetDimensions;
  private final Clock clock;

  private final Map<List<String>, Map<String, List<Double>>> probeSeries = new LinkedHashMap<>();
  private final Map<List<String>, int[]> verdictCounts = new LinkedHashMap<>();

  public EmfMetrics(PrintStream out, String namespace, boolean perTargetDimensions, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.perTargetDimensions = perTargetDimensions;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record Metric(String name, String unit) {}

  @Override
  public void round(RoundRecord round) {
    for (PathObservation o : round.observations()) {
      ProbeResult r = o.representative();
      Map<String, Double> values = new LinkedHashMap<>();
      // The failing share of the path's samples: 0 or 1 for a single probe, the 5xx rate of a
      // burst.
      values.put("ProbeFailure", o.failureRate());
      values.put("ProbeSuccess", o.failureRate() == 0 ? 1.0 : 0.0);
      putMillis(values, "TotalTime", r.timings().total());
      putMillis(values, "TimeToFirstByte", r.timings().ttfb());
      putMillis(values, "ConnectTime", r.timings().connect());
      putMillis(values, "TlsTime", r.timings().tls());
      putMillis(values, "DnsTime", r.timings().dns());
      if (perTargetDimensions) {
        ObjectNode line = envelope(List.of("path", "region"), PROBE_METRICS, true);
        line.put("path", o.path().key());
        line.put("region", round.region());
        line.put("target", round.target());
        line.put("class", r.failureClass().name());
        values.forEach(line::put);
        emit(line);
      } else {
        synchronized (this) {
          Map<String, List<Double>> series =
              probeSeries.computeIfAbsent(
                  List.of(o.path().key(), round.region()), k -> new LinkedHashMap<>());
          values.forEach((name, v) -> series.computeIfAbsent(name, n -> new ArrayList<>()).add(v));
        }
      }
      if (r.failing()) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event", "probe_failure");
        event.put("target", round.target());
        event.put("path", o.label());
        event.put("region", round.region());
        event.put("slot", round.slot().id());
        event.put("class", r.failureClass().name());
        if (r.status() != null) {
          event.put("status", r.status());
        }
        event.put("rate", o.failureRate());
        event.put("requestId", r.requestId());
        emit(event);
      }
    }
  }

  @Override
  public void verdict(String target, String region, Layer layer, Cause cause, Severity severity) {
    if (perTargetDimensions) {
      ObjectNode line =
          envelope(
              List.of("layer", "region"),
              List.of(new Metric("Outage", "Count"), new Metric("Degraded", "Count")),
              true);
      line.put("layer", layer.name());
      line.put("region", region);
      line.put("target", target);
      line.put("cause", cause.name());
      line.put("severity", severity.name());
      line.put("Outage", severity == Severity.PAGE ? 1 : 0);
      line.put("Degraded", severity == Severity.WARN ? 1 : 0);
      emit(line);
      return;
    }
    synchronized (this) {
      int[] counts = verdictCounts.computeIfAbsent(List.of(layer.name(), region), k -> new int[3]);
      counts[0]++;
      if (severity == Severity.PAGE && layer != Layer.NONE) {
        counts[1]++;
      } else if (severity == Severity.WARN) {
        counts[2]++;
      }
    }
  }

  @Override
  public void probeRun(
      String region, int paths, int failing, int unprobed, int unwritten, Duration elapsed) {
    ObjectNode line =
        envelope(
            List.of("region"),
            List.of(
                new Metric("PathsProbed", "Count"),
                new Metric("PathsFailing", "Count"),
                new Metric("PathsUnprobed", "Count"),
                new Metric("RoundsUnwritten", "Count"),
                new Metric("RoundDuration", "Milliseconds")),
            false);
    line.put("region", region);
    line.put("PathsProbed", paths);
    line.put("PathsFailing", failing);
    line.put("PathsUnprobed", unprobed);
    line.put("RoundsUnwritten", unwritten);
    line.put("RoundDuration", elapsed.toMillis());
    emit(line);
  }

  @Override
  public void analyzerRun(
      Duration slotLag, Duration elapsed, int analysed, int failed, int skipped, int silent) {
    ObjectNode line =
        envelope(
            List.of(),
            List.of(
                new Metric("AnalyzerSlotLag", "Seconds"),
                new Metric("AnalyzerDuration", "Milliseconds"),
                new Metric("TargetsAnalysed", "Count"),
                new Metric("TargetsFailed", "Count"),
                new Metric("TargetsSkipped", "Count"),
                new Metric("SilentRegions", "Count")),
            false);
    line.put("AnalyzerSlotLag", slotLag.toMillis() / 1000.0);
    line.put("AnalyzerDuration", elapsed.toMillis());
    line.put("TargetsAnalysed", analysed);
    line.put("TargetsFailed", failed);
    line.put("TargetsSkipped", skipped);
    line.put("SilentRegions", silent);
    emit(line);
  }

  @Override
  public void outbox(
      int pending,
      boolean pendingIsLowerBound,
      Optional<Duration> oldestPending,
      int published,
      int failed,
      int deadLettered) {
    ObjectNode line =
        envelope(
            List.of(),
            List.of(
                new Metric("OutboxDepth", "Count"),
                new Metric("OutboxOldestAge", "Seconds"),
                new Metric("AlertsPublished", "Count"),
                new Metric("AlertPublishFailures", "Count"),
                new Metric("AlertsDeadLettered", "Count")),
            false);
    line.put("OutboxDepth", pending);
    line.put("outboxDepthIsLowerBound", pendingIsLowerBound);
    line.put("OutboxOldestAge", oldestPending.map(d -> d.toMillis() / 1000.0).orElse(0.0));
    line.put("AlertsPublished", published);
    line.put("AlertPublishFailures", failed);
    line.put("AlertsDeadLettered", deadLettered);
    emit(line);
  }

  /** Writes the aggregated probe series and verdict counts, then starts afresh. */
  @Override
  public void flush() {
    Map<List<String>, Map<String, List<Double>>> series;
    Map<List<String>, int[]> verdicts;
    synchronized (this) {
      series = new LinkedHashMap<>(probeSeries);
      verdicts = new LinkedHashMap<>(verdictCounts);
      probeSeries.clear();
      verdictCounts.clear();
    }
    series.forEach(
        (key, values) -> {
          int longest = values.values().stream().mapToInt(List::size).max().orElse(0);
          for (int from = 0; from < longest; from += MAX_VALUES) {
            List<Metric> present = new ArrayList<>();
            ObjectNode line = JSON.createObjectNode();
            for (Metric m : PROBE_METRICS) {
              List<Double> all = values.getOrDefault(m.name(), List.of());
              if (from < all.size()) {
                ArrayNode array = line.putArray(m.name());
                all.subList(from, Math.min(all.size(), from + MAX_VALUES)).forEach(array::add);
                present.add(m);
              }
            }
            ObjectNode full = envelope(List.of("path", "region"), present, false);
            full.put("path", key.get(0));
            full.put("region", key.get(1));
            full.setAll(line);
            emit(full);
          }
        });
    verdicts.forEach(
        (key, counts) -> {
          ObjectNode line =
              envelope(
                  List.of("layer", "region"),
                  List.of(
                      new Metric("Verdicts", "Count"),
                      new Metric("Outage", "Count"),
                      new Metric("Degraded", "Count")),
                  false);
          line.put("layer", key.get(0));
          line.put("region", key.get(1));
          line.put("Verdicts", counts[0]);
          line.put("Outage", counts[1]);
          line.put("Degraded", counts[2]);
          emit(line);
        });
  }

  private ObjectNode envelope(List<String> dimensions, List<Metric> metrics, boolean perTarget) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    ArrayNode sets = directive.putArray("Dimensions");
    ArrayNode set = sets.addArray();
    dimensions.forEach(set::add);
    if (perTarget) {
      ArrayNode withTarget = sets.addArray();
      List<String> all = new ArrayList<>(dimensions);
      all.add(0, "target");
      all.forEach(withTarget::add);
    }
    ArrayNode list = directive.putArray("Metrics");
    for (Metric m : metrics) {
      list.addObject().put("Name", m.name()).put("Unit", m.unit());
    }
    return line;
  }

  private static void putMillis(Map<String, Double> values, String name, Long nanos) {
    Double ms = PhaseTimings.millis(nanos);
    if (ms != null) {
      values.put(name, Math.round(ms * 100) / 100.0);
    }
  }

  private void emit(ObjectNode line) {
    try {
      String text = JSON.writeValueAsString(line);
      synchronized (out) {
        out.println(text);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an EMF line", e);
    }
  }
}
