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
 * @param otherVerdicts every other verdict as {@code LAYER CAUSE} and how many targets got it
 *     ({@code INCONCLUSIVE} included), sorted
 * @param tlsMs every path's {@code timings_ms.tls} that is not null
 * @param pathsWithoutTls paths whose {@code tls} phase is null (the handshake never ran or ended)
 * @param overloadedPaths paths whose {@code class} or {@code detail} says {@code prober overloaded}
 * @param notProbedLines stderr lines {@code diagnose: <target> <path>: <reason>} (a path the round
 *     did not probe)
 * @param overloadedLines stderr lines that say {@code prober overloaded}
 * @param firstFailure the first path whose class is not {@code OK}, as {@code target path: CLASS
 *     detail}, or null
 * @param otherStderr the first few other non-blank stderr lines (e.g. what the prober says about
 *     its own load), shown beside the run
 */
record DiagnoseOutcome(
    int targets,
    int none,
    Map<String, Integer> otherVerdicts,
    List<Double> tlsMs,
    int pathsWithoutTls,
    int overloadedPaths,
    int notProbedLines,
    int overloadedLines,
    String firstFailure,
    List<String> otherStderr) {
  /** How many of the other stderr lines are kept. */
  static final int OTHER_STDERR_KEPT = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  DiagnoseOutcome {
    otherVerdicts = Collections.unmodifiableMap(new TreeMap<>(otherVerdicts));
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
    Map<String, Integer> otherVerdicts = new TreeMap<>();
    List<Double> tls = new ArrayList<>();
    int[] withoutTls = {0};
    int[] overloaded = {0};
    String firstFailure = null;
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
        otherVerdicts.merge(
            layer + " " + target.path("verdict").path("cause").asText("?"), 1, Integer::sum);
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
          String clazz = result.path("class").asText("");
          if (firstFailure == null && !clazz.equals("OK")) {
            firstFailure =
                target.path("name").asText("?")
                    + " "
                    + path.getKey()
                    + ": "
                    + clazz
                    + (result.path("detail").isTextual()
                        ? " " + result.get("detail").asText()
                        : "");
          }
          if (mentionsOverload(clazz) || mentionsOverload(result.path("detail").asText(""))) {
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
        otherVerdicts,
        tls,
        withoutTls[0],
        overloaded[0],
        notProbed,
        overloadedLines,
        firstFailure,
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
    return otherVerdicts.entrySet().stream()
        .filter(e -> e.getKey().startsWith("INCONCLUSIVE "))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  /**
   * The other verdicts as {@code ORIGIN TLS_HANDSHAKE_FAILED 148, CDN RESPONSE_TIMEOUT 7}, then the
   * first failing path's class and detail; {@code -} when every verdict is {@code NONE}.
   */
  String describeOtherVerdicts() {
    if (otherVerdicts.isEmpty() && firstFailure == null) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    otherVerdicts.forEach((verdict, count) -> parts.add(verdict + " " + count));
    return String.join(", ", parts) + (firstFailure == null ? "" : "; first: " + firstFailure);
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
