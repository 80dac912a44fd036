package dev.probefleet.alert.internal;

import dev.probefleet.alert.Alert;
import dev.probefleet.alert.CorrelationId;
import dev.probefleet.attribution.Finding;
import dev.probefleet.attribution.PathEvidence;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.report.EvidenceText;
import dev.probefleet.runbook.RunbookStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The e-mail and chat rendering: a subject SNS accepts (ASCII, under 100 characters, one line) and
 * a short plain-text body that reads on a phone: what and where first, then the evidence, the ids
 * to search logs for, and the next steps.
 */
public final class AlertText {
  /** SNS rejects e-mail subjects of 100 characters or more. */
  public static final int MAX_SUBJECT = 99;

  private AlertText() {}

  public static String subject(Alert a) {
    String tail =
        a.state() == TransitionKind.RESOLVED
            ? " RESOLVED " + a.layer() + " " + a.cause()
            : " " + a.state() + " " + a.layer() + " " + a.cause();
    String id = " [" + a.alertId() + "]";
    String head = "[" + a.severity() + "] ";
    String target = EvidenceText.ascii(a.target());
    int room = MAX_SUBJECT - head.length() - tail.length() - id.length() - 1;
    if (target.length() > room) {
      target = target.substring(0, Math.max(1, room - 3)) + "...";
    }
    String subject = head + target + ":" + tail + id;
    if (subject.length() > MAX_SUBJECT) {
      subject = (head + target + ":" + tail).substring(0, MAX_SUBJECT - 3) + "...";
    }
    return subject;
  }

  public static String body(Alert a) {
    return String.join("\n", lines(a, List.of(), List.of())) + "\n";
  }

  /**
   * The body as lines, for an alert as a {@link Trimming} shows it.
   *
   * @param a the alert, or its trimmed view
   * @param collapsed origin instances not shown one by one, summarised in one line
   * @param trimmed what was trimmed, said in a last line
   */
  static List<String> lines(Alert a, List<PathEvidence> collapsed, List<String> trimmed) {
    List<String> lines = new ArrayList<>();
    lines.add(a.state() + " - " + a.severity() + " - " + a.target());
    lines.add(a.layer() + " / " + a.cause() + " - " + spread(a.scope().key(), a.regions()));
    lines.add("");
    lines.add(EvidenceText.ascii(a.summary()));
    a.previous()
        .ifPresent(
            p ->
                lines.add(
                    "Changed from: "
                        + p.layer()
                        + " / "
                        + p.cause()
                        + " ("
                        + p.severity()
                        + ", "
                        + spread(p.scope().key(), p.regions())
                        + ")"));
    lines.add("");
    lines.add(
        "Alert "
            + a.alertId()
            + " - incident "
            + a.incidentId()
            + ", transition "
            + a.transition()
            + ", round "
            + a.slot().id());
    lines.add("");
    lines.add("Paths (" + a.evidence().region() + "):");
    EvidenceText.paths(a.evidence()).forEach(l -> lines.add("  " + l));
    if (!collapsed.isEmpty()) {
      lines.add("  " + OriginSummary.of(collapsed).line());
    }
    lines.add("  " + EvidenceText.latency(a.evidence().latency()));
    if (!a.correlationIds().isEmpty()) {
      lines.add("");
      lines.add("Request ids:");
      Map<String, List<String>> byPath = new LinkedHashMap<>();
      for (CorrelationId id : a.correlationIds()) {
        byPath
            .computeIfAbsent(id.path(), k -> new ArrayList<>())
            .add(id.header() + (id.sent() ? " (sent) " : " ") + EvidenceText.ascii(id.value()));
      }
      byPath.forEach((path, ids) -> lines.add("  " + path + ": " + String.join("; ", ids)));
    }
    if (!a.findings().isEmpty()) {
      lines.add("");
      lines.add("Also:");
      for (Finding f : a.findings()) {
        lines.add("  " + f.severity() + " " + EvidenceText.ascii(f.summary()));
      }
    }
    if (!a.runbook().isEmpty()) {
      lines.add("");
      lines.add("Next steps:");
      int n = 1;
      for (RunbookStep step : a.runbook()) {
        lines.add("  " + n++ + ". " + EvidenceText.ascii(step.action()));
        step.command().ifPresent(c -> lines.add("     $ " + EvidenceText.ascii(c)));
      }
    }
    if (!trimmed.isEmpty()) {
      lines.add("");
      lines.add("Trimmed to fit the message size limit: " + String.join("; ", trimmed));
    }
    return lines;
  }

  private static String spread(String scope, List<String> regions) {
    return regions.isEmpty() ? scope : scope + " (" + String.join(", ", regions) + ")";
  }
}
