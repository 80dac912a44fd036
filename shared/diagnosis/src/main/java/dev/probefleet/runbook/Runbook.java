package dev.probefleet.runbook;

import dev.probefleet.attribution.Verdict;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.runbook.internal.Checklist;
import dev.probefleet.runbook.internal.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The next diagnostic steps for a layer and cause, from the classic 502 checklist: logs of each
 * hop, a direct request to the backend, listening sockets, TLS with SNI, DNS, firewalls, resources
 * and OOM, restarts, timeouts, buffers, worker pools, health checks. The steps are data, {@code
 * dev/probefleet/runbook/runbook.yaml} in this jar, read and checked once on first use. Every
 * (layer, cause) pair attribution can produce has its own steps; any other pair gets its layer's
 * default ones.
 */
public final class Runbook {
  private Runbook() {}

  /** Steps with placeholders for hosts and addresses. */
  public static List<RunbookStep> stepsFor(Layer layer, Cause cause) {
    return stepsFor(layer, cause, RunbookContext.EMPTY);
  }

  /** Steps with hosts, addresses and request ids filled in from a context. */
  public static List<RunbookStep> stepsFor(Layer layer, Cause cause, RunbookContext context) {
    return Checklist.shipped().stepsFor(layer, cause).stream().map(t -> fill(t, context)).toList();
  }

  /** Steps for a verdict, filled in from its evidence. */
  public static List<RunbookStep> stepsFor(Verdict verdict) {
    List<RunbookStep> steps =
        stepsFor(verdict.layer(), verdict.cause(), RunbookContext.of(verdict));
    if (verdict.layer() == Layer.INCONCLUSIVE && !verdict.candidates().isEmpty()) {
      List<RunbookStep> withCandidates = new ArrayList<>();
      withCandidates.add(
          new RunbookStep(
              "The failure is at one of: "
                  + String.join(", ", verdict.candidates().stream().map(Layer::name).toList())
                  + ".",
              Optional.empty()));
      withCandidates.addAll(steps);
      return List.copyOf(withCandidates);
    }
    return steps;
  }

  private static RunbookStep fill(Template template, RunbookContext context) {
    return new RunbookStep(
        context.fill(template.action()),
        Optional.ofNullable(template.command()).map(context::fill));
  }
}
