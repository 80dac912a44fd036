package dev.probefleet.diagnose;

import dev.probefleet.probing.RoundProblem;
import dev.probefleet.report.DiagnoseReport;
import java.util.List;

/**
 * What {@code probefleet diagnose} found.
 *
 * @param report the verdict per target, in the order of the targets file (DESIGN §3 JSON)
 * @param problems paths that could not be probed in some round, and why
 */
public record Diagnosis(DiagnoseReport report, List<RoundProblem> problems) {
  public Diagnosis {
    problems = List.copyOf(problems);
  }
}
