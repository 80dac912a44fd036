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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes metrics as EMF JSON lines (one per path per round, one per verdict).
 *
 * <p>Dimensions default to {@code path} / {@code region} for probe metrics and {@code layer} /
 * {@code region} for verdicts; the target is a property (searchable in Logs Insights, not a metric
 * dimension). Per-target dimensions are opt-in because every distinct dimension value is a billed
 * custom metric: 1,000 targets × 3 paths × 4 regions is 12,000 of them.
 */
public final class EmfMetrics implements MetricsSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final String namespace;
  private final boolean perTargetDimensions;
  private final Clock clock;

  public EmfMetrics(PrintStream out, String namespace, boolean perTargetDimensions, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.perTargetDimensions = perTargetDimensions;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void round(RoundRecord round) {
    for (PathObservation o : round.observations()) {
      ProbeResult r = o.representative();
      ObjectNode line = envelope(List.of("path", "region"), metrics());
      line.put("path", o.path().key());
      line.put("region", round.region());
      line.put("target", round.target());
      line.put("instance", o.instance());
      line.put("class", r.failureClass().name());
      if (r.status() != null) {
        line.put("status", r.status());
      }
      line.put("slot", round.slot().id());
      // The failing share of the path's samples: 0 or 1 for a single probe, the 5xx rate of a
      // burst.
      line.put("ProbeFailure", o.failureRate());
      line.put("ProbeSuccess", o.failureRate() == 0 ? 1 : 0);
      putMillis(line, "TotalTime", r.timings().total());
      putMillis(line, "TimeToFirstByte", r.timings().ttfb());
      putMillis(line, "ConnectTime", r.timings().connect());
      putMillis(line, "TlsTime", r.timings().tls());
      putMillis(line, "DnsTime", r.timings().dns());
      emit(line);
    }
  }

  @Override
  public void verdict(String target, String region, Layer layer, Cause cause, Severity severity) {
    ObjectNode line =
        envelope(
            List.of("layer", "region"),
            List.of(new Metric("Outage", "Count"), new Metric("Degraded", "Count")));
    line.put("layer", layer.name());
    line.put("region", region);
    line.put("target", target);
    line.put("cause", cause.name());
    line.put("severity", severity.name());
    line.put("Outage", severity == Severity.PAGE ? 1 : 0);
    line.put("Degraded", severity == Severity.WARN ? 1 : 0);
    emit(line);
  }

  private record Metric(String name, String unit) {}

  private static List<Metric> metrics() {
    return List.of(
        new Metric("ProbeFailure", "Count"),
        new Metric("ProbeSuccess", "Count"),
        new Metric("TotalTime", "Milliseconds"),
        new Metric("TimeToFirstByte", "Milliseconds"),
        new Metric("ConnectTime", "Milliseconds"),
        new Metric("TlsTime", "Milliseconds"),
        new Metric("DnsTime", "Milliseconds"));
  }

  private ObjectNode envelope(List<String> dimensions, List<Metric> metrics) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode aws = line.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    ArrayNode sets = directive.putArray("Dimensions");
    ArrayNode set = sets.addArray();
    dimensions.forEach(set::add);
    if (perTargetDimensions) {
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

  private static void putMillis(ObjectNode line, String name, Long nanos) {
    Double ms = PhaseTimings.millis(nanos);
    if (ms != null) {
      line.put(name, ms);
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
