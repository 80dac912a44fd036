package dev.probefleet.alert.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.alert.Alert;
import dev.probefleet.alert.CorrelationId;
import dev.probefleet.incident.Signature;
import dev.probefleet.report.EvidenceJson;
import dev.probefleet.runbook.RunbookStep;
import java.io.UncheckedIOException;

/**
 * The machine rendering of an alert (SQS, Lambda, HTTPS subscribers):
 *
 * <pre>{@code
 * {"schemaVersion": 1, "alertId", "incidentId", "transition", "state", "target", "layer",
 *  "cause", "severity", "scope", "regions", "slot", "summary", "previous": {…} | null,
 *  "paths": {"cdn": {…}, "lb": {…}, "origin": [{…}]}, "latency": {…}, "evidence_region",
 *  "request_ids": [{"path", "header", "value", "sent"}], "findings": [{…}],
 *  "runbook": [{"action", "command"}]}
 * }</pre>
 *
 * Path objects have the {@code diagnose} report's shape ({@link EvidenceJson#path}). Keys may be
 * added, never renamed.
 */
public final class AlertJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  public static String render(Alert a) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("alertId", a.alertId());
    root.put("incidentId", a.incidentId());
    root.put("transition", a.transition());
    root.put("state", a.state().name());
    root.put("target", a.target());
    root.put("layer", a.layer().name());
    root.put("cause", a.cause().name());
    root.put("severity", a.severity().name());
    root.put("scope", a.scope().key());
    ArrayNode regions = root.putArray("regions");
    a.regions().forEach(regions::add);
    root.put("slot", a.slot().id());
    root.put("summary", a.summary());
    if (a.previous().isPresent()) {
      root.set("previous", signature(a.previous().get()));
    } else {
      root.putNull("previous");
    }
    root.set("paths", EvidenceJson.paths(a.evidence()));
    root.set("latency", EvidenceJson.latency(a.evidence().latency()));
    root.put("evidence_region", a.evidence().region());
    ArrayNode ids = root.putArray("request_ids");
    for (CorrelationId id : a.correlationIds()) {
      ObjectNode node = ids.addObject();
      node.put("path", id.path());
      node.put("header", id.header());
      node.put("value", id.value());
      node.put("sent", id.sent());
    }
    ArrayNode findings = root.putArray("findings");
    a.findings().forEach(f -> findings.add(EvidenceJson.finding(f)));
    ArrayNode runbook = root.putArray("runbook");
    for (RunbookStep step : a.runbook()) {
      ObjectNode node = runbook.addObject();
      node.put("action", step.action());
      node.put("command", step.command().orElse(null));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode signature(Signature s) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("layer", s.layer().name());
    node.put("cause", s.cause().name());
    node.put("severity", s.severity().name());
    node.put("scope", s.scope().key());
    ArrayNode regions = node.putArray("regions");
    s.regions().forEach(regions::add);
    return node;
  }
}
