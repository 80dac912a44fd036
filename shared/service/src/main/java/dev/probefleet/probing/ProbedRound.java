package dev.probefleet.probing;

import dev.probefleet.model.RoundRecord;
import java.util.List;
import java.util.Optional;

/**
 * One region's round of several targets.
 *
 * @param records one record per target, in the order of the targets given (a target none of whose
 *     paths this region may probe has a record without observations)
 * @param problems paths that were not probed, and why (also in their records' {@link
 *     RoundRecord#unprobed()})
 */
public record ProbedRound(List<RoundRecord> records, List<RoundProblem> problems) {
  public ProbedRound {
    records = List.copyOf(records);
    problems = List.copyOf(problems);
  }

  /** The record of one target. */
  public Optional<RoundRecord> record(String target) {
    return records.stream().filter(r -> r.target().equals(target)).findFirst();
  }
}
