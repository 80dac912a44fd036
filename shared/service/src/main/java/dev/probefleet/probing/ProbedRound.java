package dev.probefleet.probing;

import dev.probefleet.model.RoundRecord;
import dev.probefleet.probe.ProberLoad;
import java.util.List;
import java.util.Optional;

/**
 * One region's round of several targets.
 *
 * @param records one record per target, in the order of the targets given (a target none of whose
 *     paths this region may probe has a record without observations)
 * @param problems paths that were not probed, and why (also in their records' {@link
 *     RoundRecord#unprobed()})
 * @param load how loaded the prober itself was during the round (and the confirmation, if any)
 */
public record ProbedRound(List<RoundRecord> records, List<RoundProblem> problems, ProberLoad load) {
  public ProbedRound {
    records = List.copyOf(records);
    problems = List.copyOf(problems);
    java.util.Objects.requireNonNull(load, "load");
  }

  /** A round without load figures. */
  public ProbedRound(List<RoundRecord> records, List<RoundProblem> problems) {
    this(records, problems, ProberLoad.NONE);
  }

  /** The record of one target. */
  public Optional<RoundRecord> record(String target) {
    return records.stream().filter(r -> r.target().equals(target)).findFirst();
  }
}
