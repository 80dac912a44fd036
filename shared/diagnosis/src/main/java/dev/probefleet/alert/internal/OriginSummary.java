package dev.probefleet.alert.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.attribution.PathEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Origin instances an alert counts instead of showing one by one (a target with hundreds of
 * instances would not fit an SNS message otherwise): how many, how many failed, and how they
 * failed, so that "197 instances answer 502 written by nginx" still reads from the alert.
 *
 * @param instances how many instances are summarised
 * @param failing how many of them failed
 * @param classes instances per failure class
 * @param statuses instances per HTTP status ({@code none} when no status line came)
 * @param generators instances per generator of the response ({@code unknown} when not
 *     fingerprinted)
 */
record OriginSummary(
    int instances,
    int failing,
    Map<String, Integer> classes,
    Map<String, Integer> statuses,
    Map<String, Integer> generators) {

  static OriginSummary of(List<PathEvidence> origins) {
    Map<String, Integer> classes = new TreeMap<>();
    Map<String, Integer> statuses = new TreeMap<>();
    Map<String, Integer> generators = new TreeMap<>();
    int failing = 0;
    for (PathEvidence p : origins) {
      if (p.failing()) {
        failing++;
      }
      classes.merge(p.failureClass().name(), 1, Integer::sum);
      statuses.merge(p.status() == null ? "none" : p.status().toString(), 1, Integer::sum);
      generators.merge(p.generator() == null ? "unknown" : p.generator(), 1, Integer::sum);
    }
    return new OriginSummary(origins.size(), failing, classes, statuses, generators);
  }

  /** {@code {"instances", "failing", "classes": {…}, "statuses": {…}, "generators": {…}}}. */
  ObjectNode json() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("instances", instances);
    node.put("failing", failing);
    classes.forEach(node.putObject("classes")::put);
    statuses.forEach(node.putObject("statuses")::put);
    generators.forEach(node.putObject("generators")::put);
    return node;
  }

  /** {@code 195 more origin instances, 195 failing: HTTP_5XX x195; status 502 x195; nginx x195}. */
  String line() {
    return instances
        + " more origin instances, "
        + failing
        + " failing: "
        + counts(classes, "")
        + "; "
        + counts(statuses, "status ")
        + "; "
        + counts(generators, "");
  }

  private static String counts(Map<String, Integer> counts, String prefix) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, n) -> parts.add(prefix + k + " x" + n));
    return String.join(", ", parts);
  }
}
