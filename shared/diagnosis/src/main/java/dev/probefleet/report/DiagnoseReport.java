package dev.probefleet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.Verdict;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code probefleet diagnose} (DESIGN §3), rendered so the CLI only prints it:
 *
 * <pre>{@code
 * {"schemaVersion": 1,
 *  "targets": [{"name": "shop",
 *    "verdict": {"layer", "cause", "severity", "summary", "scope", "candidates", "rate",
 *                "regions", "findings", "latency", "evidence_region"},
 *    "paths": {"cdn": {...}, "lb": {...}, "origin": [{...}]}}]}
 * }</pre>
 *
 * Each path result always has {@code url class detail status generator remote_address probed_at
 * request_id timings_ms} (see {@link EvidenceJson#path}); {@code paths.origin} is always a list; a
 * path not probed is absent.
 */
public final class DiagnoseReport {
  /** The version of the JSON document; fields may be added, never renamed. */
  public static final int SCHEMA_VERSION = 1;

  private final List<TargetDiagnosis> targets;

  private DiagnoseReport(List<TargetDiagnosis> targets) {
    this.targets = List.copyOf(targets);
  }

  /** A report of these targets, in this order. */
  public static DiagnoseReport of(List<TargetDiagnosis> targets) {
    return new DiagnoseReport(targets);
  }

  public List<TargetDiagnosis> targets() {
    return targets;
  }

  /**
   * The exit status DESIGN §3 defines for a run that completed: 0 when every verdict is NONE or
   * only warns, 1 when one pages or is INCONCLUSIVE.
   */
  public int exitStatus() {
    return targets.stream().anyMatch(t -> t.verdict().actionable()) ? 1 : 0;
  }

  /** The JSON document as a tree. */
  public ObjectNode toJsonTree() {
    ObjectNode root = EvidenceJson.MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode list = root.putArray("targets");
    for (TargetDiagnosis t : targets) {
      ObjectNode entry = list.addObject();
      entry.put("name", t.name());
      entry.set("verdict", EvidenceJson.verdict(t.verdict()));
      entry.set("paths", EvidenceJson.paths(t.verdict().evidence()));
    }
    return root;
  }

  /** The JSON document, one line. */
  public String toJson() {
    try {
      return EvidenceJson.MAPPER.writeValueAsString(toJsonTree());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A readable rendering: per target its verdict, summary, paths and findings. */
  public String toText() {
    List<String> lines = new ArrayList<>();
    for (TargetDiagnosis t : targets) {
      Verdict v = t.verdict();
      String head =
          v.healthy()
              ? t.name() + ": OK"
              : String.format(
                  Locale.ROOT,
                  "%s: %s %s (%s, %s%s)",
                  t.name(),
                  v.layer(),
                  v.cause(),
                  v.severity(),
                  v.scope().key(),
                  v.rate() < 1.0 ? String.format(Locale.ROOT, ", rate %.2f", v.rate()) : "");
      lines.add(head);
      lines.add("  " + EvidenceText.ascii(v.summary()));
      if (!v.candidates().isEmpty()) {
        lines.add("  candidates: " + v.candidates());
      }
      EvidenceText.paths(v.evidence()).forEach(l -> lines.add("  " + l));
      lines.add("  " + EvidenceText.latency(v.evidence().latency()));
      for (Finding f : v.findings()) {
        lines.add("  " + f.severity() + " " + EvidenceText.ascii(f.summary()));
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
