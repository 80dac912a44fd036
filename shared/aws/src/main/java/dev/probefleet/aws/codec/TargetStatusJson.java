package dev.probefleet.aws.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.attribution.Scope;
import dev.probefleet.incident.OpenIncident;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.model.Severity;
import dev.probefleet.store.TargetStatus;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TargetStatus} as stored beside the target's incident state: compact JSON, version 1. It
 * is written every slot in every target's state item, so it keeps to short keys:
 *
 * <pre>{@code
 * {"v":1, "s":"2026-11-24T09:01:00Z/PT1M", "l":"CDN", "c":"HTTP_5XX", "sv":"PAGE", "sc":"REGIONAL",
 *  "ar":["eu-west-1"], "m":"summary", "mr":["ap-southeast-2"], "at":"2026-11-24T09:02:20Z",
 *  "o":{"id":…, "oa":slot, "n":2, "la":slot, "l":…, "c":…, "sv":…, "sc":…, "rg":[…]} | absent,
 *  "r":{"eu-west-1":{"s":slot, "ok":true, "p":[["cdn","HTTP_5XX",502,12.5], …]}}}
 * }</pre>
 */
public final class TargetStatusJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private TargetStatusJson() {}

  public static String write(TargetStatus status) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    root.put("s", slot(status.slot()));
    root.put("l", status.layer().name());
    root.put("c", status.cause().name());
    root.put("sv", status.severity().name());
    root.put("sc", status.scope().name());
    strings(root.putArray("ar"), status.affectedRegions());
    root.put("m", status.summary());
    strings(root.putArray("mr"), status.missingRegions());
    root.put("at", status.analysedAt().toString());
    status.open().ifPresent(o -> root.set("o", open(o)));
    ObjectNode regions = root.putObject("r");
    status
        .regions()
        .forEach(
            (region, r) -> {
              ObjectNode node = regions.putObject(region);
              node.put("s", slot(r.slot()));
              node.put("ok", r.complete());
              ArrayNode paths = node.putArray("p");
              for (TargetStatus.PathStatus p : r.paths()) {
                ArrayNode path = paths.addArray().add(p.label()).add(p.failureClass().name());
                if (p.status().isPresent()) {
                  path.add(p.status().get());
                } else {
                  path.addNull();
                }
                if (p.totalMs().isPresent()) {
                  path.add(Math.round(p.totalMs().get() * 100) / 100.0);
                } else {
                  path.addNull();
                }
              }
            });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws CodecException naming the target and what cannot be read
   */
  public static TargetStatus read(String json, String target) {
    try {
      return read(JSON.readTree(json), target);
    } catch (JsonProcessingException e) {
      throw new CodecException("status of " + target + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads what {@link #write} wrote, already parsed. */
  public static TargetStatus read(JsonNode root, String target) {
    try {
      if (root.path("v").asInt(-1) != VERSION) {
        throw new CodecException(
            "status of " + target + " has unknown encoding version " + root.path("v"));
      }
      Map<String, TargetStatus.RegionStatus> regions = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = root.path("r").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        List<TargetStatus.PathStatus> paths = new ArrayList<>();
        for (JsonNode p : f.getValue().path("p")) {
          paths.add(
              new TargetStatus.PathStatus(
                  p.path(0).asText(),
                  FailureClass.valueOf(p.path(1).asText()),
                  p.path(2).isNumber() ? Optional.of(p.path(2).asInt()) : Optional.empty(),
                  p.path(3).isNumber() ? Optional.of(p.path(3).asDouble()) : Optional.empty()));
        }
        regions.put(
            f.getKey(),
            new TargetStatus.RegionStatus(
                slot(f.getValue().path("s").asText()), f.getValue().path("ok").asBoolean(), paths));
      }
      JsonNode o = root.get("o");
      return new TargetStatus(
          target,
          slot(root.path("s").asText()),
          Layer.valueOf(root.path("l").asText()),
          Cause.valueOf(root.path("c").asText()),
          Severity.valueOf(root.path("sv").asText()),
          Scope.valueOf(root.path("sc").asText()),
          strings(root.path("ar")),
          root.path("m").asText(),
          strings(root.path("mr")),
          o == null || o.isNull() ? Optional.empty() : Optional.of(open(o)),
          regions,
          Instant.parse(root.path("at").asText()));
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("status of " + target + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static ObjectNode open(OpenIncident o) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", o.id());
    node.put("oa", slot(o.openedAt()));
    node.put("n", o.transitions());
    node.put("la", slot(o.lastTransitionAt()));
    node.put("l", o.signature().layer().name());
    node.put("c", o.signature().cause().name());
    node.put("sv", o.signature().severity().name());
    node.put("sc", o.signature().scope().name());
    strings(node.putArray("rg"), o.signature().regions());
    return node;
  }

  private static OpenIncident open(JsonNode node) {
    return new OpenIncident(
        node.path("id").asText(),
        slot(node.path("oa").asText()),
        new dev.probefleet.incident.Signature(
            Layer.valueOf(node.path("l").asText()),
            Cause.valueOf(node.path("c").asText()),
            Severity.valueOf(node.path("sv").asText()),
            Scope.valueOf(node.path("sc").asText()),
            strings(node.path("rg"))),
        node.path("n").asInt(),
        slot(node.path("la").asText()));
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String slot(RoundSlot slot) {
    return slot.start() + "/" + slot.period();
  }

  private static RoundSlot slot(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a slot: '" + text + "'");
    }
    return new RoundSlot(
        Instant.parse(text.substring(0, slash)), Duration.parse(text.substring(slash + 1)));
  }
}
