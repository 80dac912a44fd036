package dev.probefleet.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.attribution.AddedLatency;
import dev.probefleet.attribution.Evidence;
import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.PhaseTimings;
import java.util.List;

/**
 * The JSON shapes of verdicts and path evidence, shared by the {@code diagnose} report and alerts
 * so that both spell a path result the same way (DESIGN §3): keys in snake_case, every key always
 * present, {@code null} where a value is unknown or a phase never ran, times as ISO-8601, timings
 * in fractional milliseconds. Keys may be added, never renamed.
 */
public final class EvidenceJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private EvidenceJson() {}

  /**
   * One path result: {@code url class detail status generator remote_address probed_at request_id
   * timings_ms}, then {@code path region host sni samples failures meaning correlation
   * header_bytes} ({@code header_bytes}: the size of the response's header block, null when none
   * was received).
   */
  public static ObjectNode path(PathEvidence p) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("url", p.url());
    node.put("class", p.failureClass().name());
    node.put("detail", p.detail());
    node.put("status", p.status());
    node.put("generator", p.generator());
    node.put("remote_address", p.remoteAddress());
    node.put("probed_at", p.probedAt().toString());
    node.put("request_id", p.requestId());
    node.set("timings_ms", timings(p.timings()));
    node.put("path", p.label());
    node.put("region", p.region());
    node.put("host", p.host());
    node.put("sni", p.sni());
    node.put("samples", p.samples());
    node.put("failures", p.failures());
    node.put("meaning", p.meaning());
    ObjectNode correlation = node.putObject("correlation");
    p.correlation().forEach(correlation::put);
    node.put("header_bytes", p.headerBytes());
    return node;
  }

  /** {@code dns connect tls request_write ttfb download total}, fractional ms or null. */
  public static ObjectNode timings(PhaseTimings t) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("dns", PhaseTimings.millis(t.dns()));
    node.put("connect", PhaseTimings.millis(t.connect()));
    node.put("tls", PhaseTimings.millis(t.tls()));
    node.put("request_write", PhaseTimings.millis(t.requestWrite()));
    node.put("ttfb", PhaseTimings.millis(t.ttfb()));
    node.put("download", PhaseTimings.millis(t.download()));
    node.put("total", PhaseTimings.millis(t.total()));
    return node;
  }

  /**
   * {@code {"cdn": {...}, "lb": {...}, "origin": [{...}]}}: a path that was not probed is absent;
   * {@code origin} is always a list.
   */
  public static ObjectNode paths(Evidence evidence) {
    ObjectNode node = MAPPER.createObjectNode();
    evidence.cdn().ifPresent(p -> node.set("cdn", path(p)));
    evidence.lb().ifPresent(p -> node.set("lb", path(p)));
    List<PathEvidence> origins = evidence.origins();
    if (!origins.isEmpty()) {
      ArrayNode list = node.putArray("origin");
      origins.forEach(p -> list.add(path(p)));
    }
    return node;
  }

  /**
   * {@code layer cause severity summary scope candidates rate}, then {@code regions findings
   * latency evidence_region}.
   */
  public static ObjectNode verdict(Verdict v) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("layer", v.layer().name());
    node.put("cause", v.cause().name());
    node.put("severity", v.severity().name());
    node.put("summary", v.summary());
    node.put("scope", v.scope().key());
    ArrayNode candidates = node.putArray("candidates");
    v.candidates().forEach(c -> candidates.add(c.name()));
    node.put("rate", v.rate());
    ArrayNode regions = node.putArray("regions");
    v.regions().forEach(regions::add);
    ArrayNode findings = node.putArray("findings");
    v.findings().forEach(f -> findings.add(finding(f)));
    node.set("latency", latency(v.evidence().latency()));
    node.put("evidence_region", v.evidence().region());
    return node;
  }

  /** {@code layer cause severity summary path regions}. */
  public static ObjectNode finding(Finding f) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("layer", f.layer().name());
    node.put("cause", f.cause().name());
    node.put("severity", f.severity().name());
    node.put("summary", f.summary());
    node.put("path", f.path().orElse(null));
    ArrayNode regions = node.putArray("regions");
    f.regions().forEach(regions::add);
    return node;
  }

  /**
   * {@code {"cdn_over_lb": {"ttfb_ms", "total_ms"}, "lb_over_origin": {"ttfb_ms", "total_ms"}}}:
   * each layer's added latency, null when not computable.
   */
  public static ObjectNode latency(AddedLatency latency) {
    ObjectNode node = MAPPER.createObjectNode();
    ObjectNode cdn = node.putObject("cdn_over_lb");
    cdn.put("ttfb_ms", latency.cdnOverLbTtfbMs());
    cdn.put("total_ms", latency.cdnOverLbTotalMs());
    ObjectNode lb = node.putObject("lb_over_origin");
    lb.put("ttfb_ms", latency.lbOverOriginTtfbMs());
    lb.put("total_ms", latency.lbOverOriginTotalMs());
    return node;
  }
}
