package dev.probefleet.probe.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@code probefleet diagnose --output json} run said, reduced to what the HTTPS case
 * counts: the targets whose verdict is {@code NONE} (on a healthy server every other verdict is a
 * false failure), the other layers, every path's {@code timings_ms.tls}, and the paths the run
 * reported on stderr as not probed or found the prober overloaded.
 *
 * @param targets targets in the document
 * @param none targets whose verdict layer is {@code NONE}
 * @param otherLayers every other verdict layer and how many targets got it ({@code INCONCLUSIVE}
 *     included), sorted by layer name
 * @param tlsMs every path's {@code timings_ms.tls} that is not null
 * @param pathsWithoutTls paths whose {@code tls} phase is null (the handshake never ran or ended)
 * @param overloadedPaths paths whose {@code class} or {@code detail} says {@code prober overloaded}
 * @param notProbedLines stderr lines {@code diagnose: <target> <path>: <reason>} (a path the round
 *     did not probe)
 * @param overloadedLines stderr lines that say {@code prober overloaded}
 * @param otherStderr the first few other non-blank stderr lines (e.g. what the prober says about
 *     its own load), shown beside the run
 */
record DiagnoseOutcome(
    int targets,
    int none,
    Map<String, Integer> otherLayers,
    List<Double> tlsMs,
    int pathsWithoutTls,
    int overloadedPaths,
    int notProbedLines,
    int overloadedLines,
    List<String> otherStderr) {
  /** How many of the other stderr lines are kept. */
  static final int OTHER_STDERR_KEPT = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  DiagnoseOutcome {
    otherLayers = Collections.unmodifiableMap(new TreeMap<>(otherLayers)); // sorted by layer
    tlsMs = List.copyOf(tlsMs);
    otherStderr = List.copyOf(otherStderr);
  }

  /**
   * Reads the run's stdout (the one JSON document) and stderr.
   *
   * @throws IllegalArgumentException when stdout is not a diagnose document, naming what is wrong
   */
  static DiagnoseOutcome parse(String stdout, String stderr) {
    JsonNode document;
    try {
      document = JSON.readTree(stdout);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "diagnose's stdout is not JSON (" + e.getOriginalMessage() + "): " + head(stdout), e);
    }
    if (document == null || !document.path("targets").isArray()) {
      throw new IllegalArgumentException(
          "diagnose's stdout has no \"targets\" array: " + head(stdout));
    }
    int targets = 0;
    int none = 0;
    Map<String, Integer> otherLayers = new TreeMap<>();
    List<Double> tls = new ArrayList<>();
    int[] withoutTls = {0};
    int[] overloaded = {0};
    for (JsonNode target : document.get("targets")) {
      targets++;
      String layer = target.path("verdict").path("layer").asText("");
      if (layer.isEmpty()) {
        throw new IllegalArgumentException(
            "target " + target.path("name").asText("#" + targets) + " has no verdict.layer");
      }
      if (layer.equals("NONE")) {
        none++;
      } else {
        otherLayers.merge(layer, 1, Integer::sum);
      }
      for (Map.Entry<String, JsonNode> path : target.path("paths").properties()) {
        List<JsonNode> results =
            path.getValue().isArray()
                ? iterate(path.getValue())
                : List.of(path.getValue()); // origin is a list, cdn and lb are objects
        for (JsonNode result : results) {
          JsonNode phase = result.path("timings_ms").path("tls");
          if (phase.isNumber()) {
            tls.add(phase.asDouble());
          } else {
            withoutTls[0]++;
          }
          if (mentionsOverload(result.path("class").asText(""))
              || mentionsOverload(result.path("detail").asText(""))) {
            overloaded[0]++;
          }
        }
      }
    }
    int notProbed = 0;
    int overloadedLines = 0;
    List<String> otherStderr = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      if (line.startsWith("diagnose: ")) {
        notProbed++;
      } else if (!line.isBlank() && otherStderr.size() < OTHER_STDERR_KEPT) {
        otherStderr.add(line.strip());
      }
      if (mentionsOverload(line)) {
        overloadedLines++;
      }
    }
    return new DiagnoseOutcome(
        targets,
        none,
        otherLayers,
        tls,
        withoutTls[0],
        overloaded[0],
        notProbed,
        overloadedLines,
        otherStderr);
  }

  /**
   * False failures of a run against a healthy server: every configured target that did not get a
   * {@code NONE} verdict, those missing from the document included.
   */
  int falseFailures(int configuredTargets) {
    return Math.max(0, configuredTargets - none);
  }

  int inconclusive() {
    return otherLayers.getOrDefault("INCONCLUSIVE", 0);
  }

  /** The other layers as {@code ORIGIN 148, LOAD_BALANCER 7}, or {@code -}. */
  String describeOtherLayers() {
    if (otherLayers.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    otherLayers.forEach((layer, count) -> parts.add(layer + " " + count));
    return String.join(", ", parts);
  }

  private static boolean mentionsOverload(String text) {
    return text.toLowerCase(Locale.ROOT).contains("prober overloaded");
  }

  private static List<JsonNode> iterate(JsonNode array) {
    List<JsonNode> nodes = new ArrayList<>();
    array.forEach(nodes::add);
    return nodes;
  }

  private static String head(String text) {
    String t = text.strip();
    return t.isEmpty() ? "(empty)" : t.length() <= 200 ? t : t.substring(0, 200) + "…";
  }
}
