package dev.probefleet.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.attribution.Scope;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored form of an {@link IncidentState}: a small JSON document (a few hundred bytes for the
 * default window), versioned so a store can tell what it holds.
 *
 * <pre>{@code
 * {"v": 1, "target": "shop",
 *  "window": [{"slot": "2026-11-24T09:01:00Z/PT1M", "layer": "ORIGIN", "cause": "…",
 *              "severity": "PAGE", "scope": "all-regions", "regions": ["us-east-1"],
 *              "samples": 2, "reported": ["eu-west-1", "us-east-1"]}],
 *  "open": {"id": "01J…", "opened_at": "…/PT1M", "transitions": 2, "last_transition_at": "…",
 *           "layer": …, "cause": …, "severity": …, "scope": …, "regions": […]} | null,
 *  "resolved_through": "…/PT1M" | null}
 * }</pre>
 *
 * {@code samples} (default 1) and {@code reported} (default empty) are written only when they say
 * something, so a window of healthy one-sample slots stays as small as it was.
 */
public final class IncidentStateJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int VERSION = 1;

  private IncidentStateJson() {}

  public static String write(IncidentState state) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", VERSION);
    root.put("target", state.target());
    ArrayNode window = root.putArray("window");
    for (RoundSummary r : state.window()) {
      ObjectNode entry = window.addObject();
      entry.put("slot", slot(r.slot()));
      signature(entry, r.signature());
      if (r.samples() != 1) {
        entry.put("samples", r.samples());
      }
      if (!r.reported().isEmpty()) {
        ArrayNode reported = entry.putArray("reported");
        r.reported().forEach(reported::add);
      }
    }
    if (state.open().isPresent()) {
      OpenIncident o = state.open().get();
      ObjectNode open = root.putObject("open");
      open.put("id", o.id());
      open.put("opened_at", slot(o.openedAt()));
      open.put("transitions", o.transitions());
      open.put("last_transition_at", slot(o.lastTransitionAt()));
      signature(open, o.signature());
    } else {
      root.putNull("open");
    }
    root.put("resolved_through", state.resolvedThrough().map(IncidentStateJson::slot).orElse(null));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws MalformedIncidentStateException naming the field that cannot be read
   */
  public static IncidentState read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedIncidentStateException("$", "not JSON: " + e.getOriginalMessage(), e);
    }
    return read(root);
  }

  /**
   * Reads what {@link #write} wrote, already parsed (a store that keeps several documents in one
   * parses them once).
   *
   * @throws MalformedIncidentStateException naming the field that cannot be read
   */
  public static IncidentState read(JsonNode root) {
    int version = required(root, "v", "v").asInt(-1);
    if (version != VERSION) {
      throw new MalformedIncidentStateException("v", "unknown version " + version, null);
    }
    String target = required(root, "target", "target").asText();
    List<RoundSummary> window = new ArrayList<>();
    JsonNode entries = required(root, "window", "window");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      String at = "window[" + i + "]";
      List<String> reported = new ArrayList<>();
      JsonNode regions = e.get("reported");
      if (regions != null && regions.isArray()) {
        regions.forEach(r -> reported.add(r.asText()));
      }
      int samples = e.path("samples").asInt(1);
      try {
        window.add(
            new RoundSummary(
                slot(required(e, "slot", at).asText(), at + ".slot"),
                signature(e, at),
                samples,
                reported));
      } catch (IllegalArgumentException bad) {
        throw new MalformedIncidentStateException(at + ".samples", bad.getMessage(), bad);
      }
    }
    Optional<OpenIncident> open = Optional.empty();
    JsonNode o = root.get("open");
    if (o != null && !o.isNull()) {
      open =
          Optional.of(
              new OpenIncident(
                  required(o, "id", "open").asText(),
                  slot(required(o, "opened_at", "open").asText(), "open.opened_at"),
                  signature(o, "open"),
                  required(o, "transitions", "open").asInt(),
                  slot(
                      required(o, "last_transition_at", "open").asText(),
                      "open.last_transition_at")));
    }
    JsonNode resolved = root.get("resolved_through");
    Optional<RoundSlot> resolvedThrough =
        resolved == null || resolved.isNull()
            ? Optional.empty()
            : Optional.of(slot(resolved.asText(), "resolved_through"));
    try {
      return new IncidentState(target, window, open, resolvedThrough);
    } catch (IllegalArgumentException e) {
      throw new MalformedIncidentStateException("window", e.getMessage(), e);
    }
  }

  private static void signature(ObjectNode node, Signature s) {
    node.put("layer", s.layer().name());
    node.put("cause", s.cause().name());
    node.put("severity", s.severity().name());
    node.put("scope", s.scope().name());
    ArrayNode regions = node.putArray("regions");
    s.regions().forEach(regions::add);
  }

  private static Signature signature(JsonNode node, String at) {
    List<String> regions = new ArrayList<>();
    required(node, "regions", at).forEach(r -> regions.add(r.asText()));
    return new Signature(
        constant(Layer.class, required(node, "layer", at).asText(), at + ".layer"),
        constant(Cause.class, required(node, "cause", at).asText(), at + ".cause"),
        constant(Severity.class, required(node, "severity", at).asText(), at + ".severity"),
        constant(Scope.class, required(node, "scope", at).asText(), at + ".scope"),
        regions);
  }

  private static String slot(RoundSlot slot) {
    return slot.start() + "/" + slot.period();
  }

  private static RoundSlot slot(String text, String at) {
    int slash = text.indexOf('/');
    try {
      return new RoundSlot(
          Instant.parse(text.substring(0, slash)), Duration.parse(text.substring(slash + 1)));
    } catch (RuntimeException e) {
      throw new MalformedIncidentStateException(at, "not a slot: '" + text + "'", e);
    }
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String name, String at) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new MalformedIncidentStateException(
          at, "'" + name + "' is not a " + type.getSimpleName(), e);
    }
  }

  private static JsonNode required(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new MalformedIncidentStateException(
          at.equals(field) ? field : at + "." + field, "missing", null);
    }
    return value;
  }
}
