package dev.probefleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.analyzer.TargetAnalysis;
import dev.probefleet.attribution.Verdict;
import dev.probefleet.incident.Transition;
import dev.probefleet.model.RoundSlot;
import dev.probefleet.probe.ProberLoad;
import dev.probefleet.run.RoundLoop;
import java.io.PrintWriter;
import java.util.List;

/** One JSON document per round, on one line (schemaVersion 1). */
record JsonLines(PrintWriter out) implements RoundLoop.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void cycle(RoundLoop.Cycle c) {
    ObjectNode line = JSON.createObjectNode();
    line.put("schemaVersion", 1);
    line.put("round", c.number());
    line.put("slot", c.slot().id());
    line.put("started_at", c.started().toString());
    line.put("took_ms", c.took().toMillis());
    line.put("slow", c.slow());
    ArrayNode skipped = line.putArray("skipped_slots");
    c.skipped().forEach(s -> skipped.add(s.id()));
    line.put("paths", c.probe().paths());
    line.put("failing", c.probe().failing());
    line.put("unprobed", c.probe().unprobed());
    line.put("complete", c.probe().complete());
    line.set("prober", prober(c.probe().load()));
    ArrayNode targets = line.putArray("targets");
    for (TargetAnalysis t : c.analysis().targets()) {
      ObjectNode target = targets.addObject();
      target.put("name", t.target());
      target.put("status", t.status().toString());
      if (t.verdict().isPresent()) {
        Verdict v = t.verdict().get();
        ObjectNode verdict = target.putObject("verdict");
        verdict.put("layer", v.layer().toString());
        verdict.put("cause", v.cause().toString());
        verdict.put("severity", v.severity().toString());
        verdict.put("summary", v.summary());
      } else {
        target.putNull("verdict");
      }
      ArrayNode transitions = target.putArray("transitions");
      for (Transition tr : t.transitions()) {
        ObjectNode transition = transitions.addObject();
        transition.put("kind", tr.kind().toString());
        transition.put("incident_id", tr.incidentId());
        transition.put("number", tr.number());
      }
    }
    ObjectNode alerts = line.putObject("alerts");
    alerts.put("published", c.analysis().alertsPublished().size());
    alerts.put("pending", c.analysis().alertsPending().size());
    alerts.put("dead_lettered", c.analysis().alertsDeadLettered().size());
    ArrayNode problems = line.putArray("problems");
    c.analysis().errors().forEach(problems::add);
    out.println(line.toString());
    out.flush();
  }

  /**
   * The prober's own load during the round ({@link ProberLoad}): what tells a slow or failing round
   * caused by this machine from one caused by the targets.
   */
  private static ObjectNode prober(ProberLoad load) {
    ObjectNode prober = JSON.createObjectNode();
    ObjectNode lateness = prober.putObject("timer_lateness_ms");
    lateness.put("median", twoPlaces(load.medianLatenessMillis()));
    lateness.put("p99", twoPlaces(load.p99LatenessMillis()));
    lateness.put("max", twoPlaces(load.maxLatenessMillis()));
    prober.put("cpu_ms", Math.round(load.cpuMillis()));
    prober.put("cpu_utilisation", twoPlaces(load.cpuUtilisation()));
    prober.put("gc_ms", load.gcMillis());
    prober.put("retried", load.retried());
    prober.put("overloaded", load.overloaded());
    return prober;
  }

  private static double twoPlaces(double value) {
    return Math.round(value * 100) / 100.0;
  }

  @Override
  public void failed(
      int number, RoundSlot slot, List<RoundSlot> skipped, RuntimeException problem) {
    ObjectNode line = JSON.createObjectNode();
    line.put("schemaVersion", 1);
    line.put("round", number);
    line.put("slot", slot.id());
    line.put("failed", problem.toString());
    out.println(line.toString());
    out.flush();
  }
}
