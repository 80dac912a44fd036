package dev.probefleet.alert.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.probefleet.alert.Alert;
import dev.probefleet.alert.CorrelationId;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.incident.Signature;
import dev.probefleet.report.EvidenceJson;
import dev.probefleet.runbook.RunbookStep;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The alert as one JSON document: the body of every SNS message, whatever the protocol, so that
 * subscription filter policies on the message body work and every subscriber gets the same thing.
 *
 * <pre>{@code
 * {"schemaVersion": 1, "subject", "text": ["line", …], "trimmed": [],
 *  "alertId", "incidentId", "transition", "state", "target", "layer", "cause", "severity",
 *  "scope", "regions", "slot", "summary", "previous": {…} | null,
 *  "paths": {"cdn": {…}, "lb": {…}, "origin": [{…}]}, "origin_summary": {…} | null,
 *  "latency": {…}, "evidence_region", "request_ids": [{"path", "header", "value", "sent"}],
 *  "findings": [{…}], "runbook": [{"action", "command"}]}
 * }</pre>
 *
 * Path objects have the {@code diagnose} report's shape ({@link EvidenceJson#path}) plus {@code
 * body}: the start of the error page of a failing path, null for a healthy one. {@code text} is the
 * readable rendering as lines, first in the document and pretty-printed one line per line, so that
 * an e-mail subscriber (who receives this document as it is) reads it top down.
 *
 * <p>The document is rendered within a byte budget (SNS refuses messages over 256 KB). When over
 * it, evidence is trimmed step by step ({@link Trimming}): error pages cut, then dropped; origin
 * instances beyond the first few collapsed into {@code origin_summary}; the correlation ids the
 * hops sent back dropped; findings beyond the first few dropped; as a last resort every string cut
 * to {@value #STRING_CHARS} characters. {@code trimmed} names each step taken ({@code []} when
 * none), and the verdict fields are always there. Keys may be added, never renamed.
 */
public final class AlertJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter WRITER = MAPPER.writer(printer());

  /** The longest string value the last trimming step leaves. */
  static final int STRING_CHARS = 512;

  private AlertJson() {}

  /**
   * The document, trimmed as far as needed to stay within {@code maxBytes} UTF-8 bytes. An alert
   * whose verdict alone is larger comes back over budget, with every step taken; the publisher's
   * own size check refuses it.
   */
  public static String render(Alert a, int maxBytes) {
    String doc = write(tree(a, Trimming.FULL));
    if (bytes(doc) <= maxBytes) {
      return doc;
    }
    Trimming last = Trimming.FULL;
    for (Trimming step : Trimming.steps(a)) {
      last = step;
      doc = write(tree(a, step));
      if (bytes(doc) <= maxBytes) {
        return doc;
      }
    }
    ObjectNode root = tree(a, last);
    List<String> notes = new ArrayList<>(last.notes());
    if (cutStrings(root) > 0) {
      notes.add("strings: cut to " + STRING_CHARS + " characters");
      ArrayNode trimmed = root.putArray("trimmed");
      notes.forEach(trimmed::add);
    }
    return write(root);
  }

  private static ObjectNode tree(Alert original, Trimming trimming) {
    Alert a = trimming.view(original);
    List<PathEvidence> collapsed = trimming.collapsedOrigins(original.evidence());
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", 1);
    root.put("subject", a.subject());
    ArrayNode text = root.putArray("text");
    AlertText.lines(a, collapsed, trimming.notes()).forEach(text::add);
    ArrayNode trimmed = root.putArray("trimmed");
    trimming.notes().forEach(trimmed::add);
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
    root.set("paths", paths(a, trimming));
    if (collapsed.isEmpty()) {
      root.putNull("origin_summary");
    } else {
      root.set("origin_summary", OriginSummary.of(collapsed).json());
    }
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
    return root;
  }

  /** The report's path objects, plus the error page, minus what the trimming removes. */
  private static ObjectNode paths(Alert a, Trimming trimming) {
    ObjectNode paths = MAPPER.createObjectNode();
    a.evidence().cdn().ifPresent(p -> paths.set("cdn", path(p, trimming)));
    a.evidence().lb().ifPresent(p -> paths.set("lb", path(p, trimming)));
    List<PathEvidence> origins = a.evidence().origins();
    if (!origins.isEmpty()) {
      ArrayNode list = paths.putArray("origin");
      origins.forEach(p -> list.add(path(p, trimming)));
    }
    return paths;
  }

  private static ObjectNode path(PathEvidence p, Trimming trimming) {
    ObjectNode node = EvidenceJson.path(p);
    if (!trimming.receivedIds()) {
      node.putObject("correlation");
    }
    boolean quoted = p.failing() && !p.body().isEmpty() && trimming.bodyBytes() > 0;
    node.put("body", quoted ? Trimming.cut(p.body(), trimming.bodyBytes()) : null);
    return node;
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

  /** Cuts every string value longer than {@link #STRING_CHARS}; returns how many it cut. */
  private static int cutStrings(JsonNode node) {
    int cut = 0;
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      fields.forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> e : entries) {
        if (e.getValue() instanceof TextNode t && t.textValue().length() > STRING_CHARS) {
          object.put(e.getKey(), shorten(t.textValue()));
          cut++;
        } else {
          cut += cutStrings(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) instanceof TextNode t && t.textValue().length() > STRING_CHARS) {
          array.set(i, shorten(t.textValue()));
          cut++;
        } else {
          cut += cutStrings(array.get(i));
        }
      }
    }
    return cut;
  }

  private static String shorten(String text) {
    int end = STRING_CHARS - 3;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a surrogate pair: the rest would not be valid UTF-8
    }
    return text.substring(0, end) + "...";
  }

  /**
   * Two-space indentation, one array element per line (so that {@code text} reads line by line in
   * an e-mail), {@code []} / {@code {}} for empty containers, and {@code "key":value} without a
   * space, as the compact rendering had it: stored alerts and their readers match on {@code
   * "alertId":"…"}.
   */
  private static DefaultPrettyPrinter printer() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.NONE)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  private static String write(JsonNode root) {
    try {
      return WRITER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int bytes(String doc) {
    return doc.getBytes(StandardCharsets.UTF_8).length;
  }
}
