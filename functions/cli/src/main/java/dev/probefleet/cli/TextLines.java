package dev.probefleet.cli;

import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.run.RoundLoop;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** A line per round, then a line per target with its verdict and what changed. */
record TextLines(PrintWriter out) implements RoundLoop.Listener {
  private static final int MAX_PROBLEMS = 10;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Override
  public void cycle(RoundLoop.Cycle c) {
    out.printf(
        "%s round %d (slot %s): %d target(s), %d path(s), %d failing, %d unprobed, %.1f s%s%s%n",
        TIME.format(c.started()),
        c.number(),
        c.slot().id(),
        c.probe().rounds().size(),
        c.probe().paths(),
        c.probe().failing(),
        c.probe().unprobed(),
        c.took().toMillis() / 1000.0,
        c.slow() ? " — SLOW: longer than the interval" : "",
        c.skipped().isEmpty() ? "" : " — " + c.skipped().size() + " slot(s) skipped");
    for (TargetAnalysis t : c.analysis().targets()) {
      String verdict =
          t.verdict()
              .map(v -> v.layer() + " " + v.cause() + " " + v.severity())
              .orElse(
                  switch (t.status()) {
                    case UP_TO_DATE -> "this slot was analysed already (a restart within it)";
                    case NO_ROUNDS -> "no complete round to analyse";
                    default -> t.status().toString();
                  });
      String changes =
          t.transitions().stream()
              .map(tr -> tr.kind() + " " + tr.incidentId())
              .collect(Collectors.joining(", "));
      out.printf(
          "  %-24s %s%s%n", t.target(), verdict, changes.isEmpty() ? "" : "  [" + changes + "]");
    }
    c.probe().problems().stream()
        .limit(MAX_PROBLEMS)
        .forEach(p -> out.println("  not probed: " + p));
    if (c.probe().problems().size() > MAX_PROBLEMS) {
      out.println("  … and " + (c.probe().problems().size() - MAX_PROBLEMS) + " more not probed");
    }
    c.analysis().errors().forEach(e -> out.println("  problem: " + e));
    out.flush();
  }

  @Override
  public void failed(
      int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
    out.printf(
        "%s round %d (slot %s) FAILED: %s%n",
        TIME.format(Instant.now()), number, slot.id(), problem.toString());
    out.flush();
  }
}
