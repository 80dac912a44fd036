package dev.probefleet.attribution.internal;

import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.Scope;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Cause;
import dev.probefleet.model.FailureClass;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Combines the verdicts of several rounds ({@code probefleet diagnose --rounds N}, DESIGN §3): the
 * verdict is what at least half of the rounds showed; a fault seen in fewer rounds is still
 * reported, with cause INTERMITTENT_5XX (or its own class when it is below HTTP: a timeout, a
 * refused connection, a DNS failure) and its rate. A fault seen in at least half of the rounds wins
 * over healthy rounds, so an alternating fault is reported, not hidden.
 */
public final class RoundCombination {
  private RoundCombination() {}

  private record Key(Layer layer, Cause cause) {}

  /** The combined verdict of rounds given oldest first. */
  public static Verdict combine(List<Verdict> rounds) {
    int n = rounds.size();
    Map<Key, List<Verdict>> groups = new LinkedHashMap<>();
    for (Verdict v : rounds) {
      groups.computeIfAbsent(new Key(v.layer(), v.cause()), k -> new ArrayList<>()).add(v);
    }
    List<Map.Entry<Key, List<Verdict>>> faults =
        groups.entrySet().stream().filter(e -> e.getKey().layer() != Layer.NONE).toList();
    if (faults.isEmpty()) {
      Verdict latest = rounds.get(n - 1);
      String summary =
          n == 1 ? latest.summary() : "Healthy in all " + n + " rounds. " + latest.summary();
      return new Verdict(
          Layer.NONE,
          Cause.NONE,
          Severity.INFO,
          summary,
          Scope.NONE,
          List.of(),
          List.of(),
          0.0,
          findings(rounds, List.of(), null),
          latest.evidence());
    }
    Map.Entry<Key, List<Verdict>> chosen =
        faults.stream()
            .max(
                Comparator.<Map.Entry<Key, List<Verdict>>>comparingInt(e -> e.getValue().size())
                    .thenComparingInt(e -> rounds.lastIndexOf(last(e.getValue()))))
            .orElseThrow();
    List<Verdict> seen = chosen.getValue();
    Verdict latest = last(seen);
    int k = seen.size();
    boolean majority = 2 * k >= n;
    Cause cause = majority ? latest.cause() : intermittent(latest.cause());
    double rate = Math.min(1.0, seen.stream().mapToDouble(Verdict::rate).sum() / n);
    List<String> regions = seen.stream().flatMap(v -> v.regions().stream()).toList();
    boolean everywhere = seen.stream().allMatch(v -> v.scope() == Scope.ALL_REGIONS);
    Severity loudest =
        seen.stream().map(Verdict::severity).min(Comparator.naturalOrder()).orElseThrow();
    // A fault in fewer than half the rounds degrades the service but is not an outage: it warns,
    // as the incident machine would not open a paging incident on it either.
    Severity severity = !majority && loudest == Severity.PAGE ? Severity.WARN : loudest;
    String summary = latest.summary();
    if (n > 1) {
      summary +=
          k == n ? " Seen in all " + n + " rounds." : " Seen in " + k + " of " + n + " rounds.";
    }
    List<Verdict> otherFaults =
        faults.stream().filter(e -> e != chosen).flatMap(e -> e.getValue().stream()).toList();
    return new Verdict(
        latest.layer(),
        cause,
        severity,
        summary,
        everywhere ? Scope.ALL_REGIONS : Scope.REGIONAL,
        regions,
        latest.candidates(),
        rate,
        findings(rounds, otherFaults, latest),
        latest.evidence());
  }

  /**
   * The cause of a fault seen in a minority of rounds: its own class when it fails below HTTP (or
   * is a warning about an instance), else INTERMITTENT_5XX.
   */
  static Cause intermittent(Cause cause) {
    if (cause == Cause.INSTANCE_DEGRADED) {
      return cause;
    }
    for (FailureClass c : FailureClass.values()) {
      if (c.name().equals(cause.name())) {
        return c.phase() == FailureClass.Phase.HTTP ? Cause.INTERMITTENT_5XX : cause;
      }
    }
    return Cause.INTERMITTENT_5XX;
  }

  private static Verdict last(List<Verdict> verdicts) {
    return verdicts.get(verdicts.size() - 1);
  }

  private static List<Finding> findings(
      List<Verdict> rounds, List<Verdict> otherFaults, Verdict verdict) {
    List<Finding> merged = new ArrayList<>();
    for (Verdict other : otherFaults) {
      Severity quiet = other.severity() == Severity.PAGE ? Severity.WARN : other.severity();
      add(
          merged,
          new Finding(
              other.layer(),
              other.cause(),
              quiet,
              other.summary(),
              Optional.empty(),
              other.regions()),
          verdict);
    }
    for (Verdict v : rounds) {
      v.findings().forEach(f -> add(merged, f, verdict));
    }
    return merged;
  }

  private static void add(List<Finding> merged, Finding finding, Verdict verdict) {
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
