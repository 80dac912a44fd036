package dev.probefleet.attribution.internal;

import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the regions' conclusions for one slot into the verdict.
 *
 * <ul>
 *   <li>No region sees a fault: the verdict is NONE (severity INFO); findings are kept.
 *   <li>Otherwise regions are grouped by (layer, cause, candidates); the largest group wins (ties:
 *       the louder, then the layer and cause in declaration order). An INCONCLUSIVE region whose
 *       candidates include the winning layer counts for it: it saw the same fault with less
 *       evidence. Other groups become findings.
 *   <li>Scope: all-regions when every reporting region is affected, else regional with the regions
 *       listed.
 *   <li>Severity rule: a fault pages when the regions seeing it page and they are at least half of
 *       the reporting regions. A fault seen from a minority of regions warns: one region's view is
 *       as likely its own network or one edge location as an outage, and the incident machine still
 *       tracks it. The loudest severity among the affected regions is the starting point.
 *   <li>Rate: the mean failure rate of the affected regions.
 * </ul>
 */
public final class RegionCombination {
  private RegionCombination() {}

  private record Key(Layer layer, Cause cause, List<Layer> candidates) {}

  /** The verdict from regions sorted by name, plus certificate findings. */
  public static Verdict combine(List<RegionResult> results, List<Finding> certificates) {
    List<String> reporting = results.stream().map(RegionResult::region).toList();
    List<RegionResult> faulty =
        results.stream().filter(r -> r.primary().layer() != Layer.NONE).toList();
    if (faulty.isEmpty()) {
      RegionResult first = results.get(0);
      String summary =
          results.size() == 1
              ? first.primary().summary()
              : "Every path answers normally from "
                  + Wording.and(reporting)
                  + ". In "
                  + first.region()
                  + ": "
                  + first.primary().summary();
      List<Finding> findings = merge(results, List.of(), certificates, null);
      return new Verdict(
          Layer.NONE,
          Cause.NONE,
          Severity.INFO,
          summary,
          Scope.NONE,
          List.of(),
          List.of(),
          0.0,
          findings,
          first.evidence());
    }

    Map<Key, List<RegionResult>> groups = new LinkedHashMap<>();
    for (RegionResult r : faulty) {
      Assessment a = r.primary();
      groups
          .computeIfAbsent(new Key(a.layer(), a.cause(), a.candidates()), k -> new ArrayList<>())
          .add(r);
    }
    Key winner =
        groups.entrySet().stream()
            .min(
                Comparator.<Map.Entry<Key, List<RegionResult>>>comparingInt(
                        e -> -e.getValue().size())
                    .thenComparing(e -> loudest(e.getValue()))
                    .thenComparing(e -> e.getKey().layer())
                    .thenComparing(e -> e.getKey().cause()))
            .orElseThrow()
            .getKey();
    List<RegionResult> affected = new ArrayList<>(groups.get(winner));
    List<RegionResult> others = new ArrayList<>();
    for (Map.Entry<Key, List<RegionResult>> e : groups.entrySet()) {
      if (e.getKey().equals(winner)) {
        continue;
      }
      boolean consistent =
          winner.layer() != Layer.INCONCLUSIVE
              && e.getKey().layer() == Layer.INCONCLUSIVE
              && e.getKey().candidates().contains(winner.layer());
      (consistent ? affected : others).addAll(e.getValue());
    }
    affected.sort(Comparator.comparing(RegionResult::region));
    RegionResult lead =
        affected.stream().filter(r -> groups.get(winner).contains(r)).findFirst().orElseThrow();
    List<String> regions = affected.stream().map(RegionResult::region).toList();
    boolean everywhere = regions.size() == reporting.size();
    Severity severity = loudest(affected);
    if (severity == Severity.PAGE && regions.size() * 2 < reporting.size()) {
      severity = Severity.WARN;
    }
    double rate = affected.stream().mapToDouble(r -> r.primary().rate()).average().orElse(1.0);
    String summary = lead.primary().summary();
    if (!everywhere) {
      summary +=
          " Seen from "
              + Wording.and(regions)
              + " only ("
              + regions.size()
              + " of "
              + reporting.size()
              + " regions).";
    } else if (reporting.size() > 1) {
      summary +=
          reporting.size() == 2
              ? " Seen from both regions."
              : " Seen from all " + reporting.size() + " regions.";
    }
    Assessment primary = lead.primary();
    return new Verdict(
        primary.layer(),
        primary.cause(),
        severity,
        summary,
        everywhere ? Scope.ALL_REGIONS : Scope.REGIONAL,
        regions,
        primary.candidates(),
        Math.min(1.0, rate),
        merge(results, others, certificates, primary),
        lead.evidence());
  }

  private static Severity loudest(List<RegionResult> results) {
    return results.stream()
        .map(r -> r.primary().severity())
        .min(Comparator.naturalOrder())
        .orElseThrow();
  }

  /**
   * Findings of every region, the other regions' faults, and certificate findings; each once, with
   * the regions that saw it, and none repeating the verdict itself.
   */
  private static List<Finding> merge(
      List<RegionResult> results,
      List<RegionResult> otherFaults,
      List<Finding> certificates,
      Assessment verdict) {
    List<Finding> merged = new ArrayList<>();
    for (RegionResult r : otherFaults) {
      add(merged, r.primary().asFinding(List.of(r.region())), verdict);
    }
    for (RegionResult r : results) {
      for (Assessment a : r.findings()) {
        add(merged, a.asFinding(List.of(r.region())), verdict);
      }
    }
    certificates.forEach(c -> add(merged, c, verdict));
    return merged;
  }

  private static void add(List<Finding> merged, Finding finding, Assessment verdict) {
    if (verdict != null
        && verdict.layer() == finding.layer()
        && verdict.cause() == finding.cause()) {
      return;
    }
    for (int i = 0; i < merged.size(); i++) {
      if (merged.get(i).sameAs(finding)) {
        merged.set(i, merged.get(i).seenFrom(finding.regions()));
        return;
      }
    }
    merged.add(finding);
  }
}
