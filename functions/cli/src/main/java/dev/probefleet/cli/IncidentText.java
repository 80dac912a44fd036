package dev.probefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.api.model.AlertView;
import dev.probefleet.api.model.IncidentDocument;
import dev.probefleet.api.model.IncidentView;
import dev.probefleet.api.model.RunbookStepView;
import dev.probefleet.api.model.SignatureView;
import dev.probefleet.api.model.TimelineView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One incident as text, from the same {@link IncidentDocument} the API answers and {@code incident
 * --output json} prints, so the two never tell different stories: the facts first, then the
 * timeline (each transition with its time, the verdict's summary, each path's evidence and what
 * became of the alert), then the runbook of its layer and cause.
 */
final class IncidentText {
  private IncidentText() {}

  /**
   * @param now the time an open incident's duration runs to
   */
  static String render(IncidentDocument document, Instant now) {
    IncidentView i = document.incident();
    StringBuilder out = new StringBuilder();
    fact(out, "incident", i.id());
    fact(out, "target", i.target());
    Instant opened = Instant.parse(i.openedAt());
    fact(
        out,
        "state",
        i.resolvedAt() == null
            ? "OPEN for " + Times.duration(Duration.between(opened, now)) + " so far"
            : "resolved after "
                + Times.duration(Duration.between(opened, Instant.parse(i.resolvedAt()))));
    fact(out, "layer", i.layer());
    fact(out, "cause", i.cause());
    fact(out, "severity", i.severity());
    fact(out, "scope", scope(i.scope(), i.regions()));
    fact(out, "opened", Times.shown(i.openedAt()));
    fact(out, "resolved", Times.shown(i.resolvedAt()));
    fact(out, "summary", i.summary());

    out.append("\nTimeline (oldest first):\n");
    if (document.timeline().isEmpty()) {
      out.append("  (no transitions recorded)\n");
    }
    for (TimelineView t : document.timeline()) {
      out.append("  ")
          .append(Times.shown(t.slot()))
          .append("  ")
          .append(t.kind())
          .append(" #")
          .append(t.number())
          .append("  ");
      if (t.previous() != null) {
        out.append(signature(t.previous())).append(" -> ");
      }
      out.append(signature(t.signature())).append('\n');
      out.append("      ").append(t.summary()).append('\n');
      for (String path : paths(t.evidence())) {
        out.append("      ").append(path).append('\n');
      }
      out.append("      ").append(alert(t.alert())).append('\n');
    }

    out.append("\nRunbook (").append(i.layer()).append(" / ").append(i.cause()).append("):\n");
    if (document.runbook().isEmpty()) {
      out.append("  (no steps for this layer and cause)\n");
    }
    int n = 1;
    for (RunbookStepView step : document.runbook()) {
      out.append(String.format(Locale.ROOT, "  %2d. %s%n", n++, step.action()));
      if (step.command() != null) {
        out.append("      $ ").append(step.command()).append('\n');
      }
    }
    return out.toString();
  }

  private static void fact(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "%-9s %s%n", name, value));
  }

  private static String scope(String scope, List<String> regions) {
    return regions.isEmpty() ? scope : scope + " (" + String.join(", ", regions) + ")";
  }

  private static String signature(SignatureView s) {
    return s.layer() + " " + s.cause() + " " + s.severity() + " " + scope(s.scope(), s.regions());
  }

  /**
   * A line per path of the evidence document ({@code {"paths": {"cdn": {…}, "lb": {…}, "origin":
   * [{…}]}}}, the shapes of the diagnose report): label, class, status, generator, detail, total
   * time. A document of another shape (a certificate incident's) shows no path lines.
   */
  private static List<String> paths(JsonNode evidence) {
    List<String> lines = new ArrayList<>();
    JsonNode paths = evidence == null ? null : evidence.path("paths");
    if (paths == null || !paths.isObject()) {
      return lines;
    }
    for (String kind : List.of("cdn", "lb", "origin")) {
      JsonNode node = paths.path(kind);
      if (node.isArray()) {
        int index = 0;
        for (JsonNode origin : node) {
          lines.add(path(origin, kind + "[" + index++ + "]"));
        }
      } else if (node.isObject()) {
        lines.add(path(node, kind));
      }
    }
    return lines;
  }

  private static String path(JsonNode p, String fallbackLabel) {
    StringBuilder line = new StringBuilder();
    line.append(text(p, "path", fallbackLabel)).append(": ").append(text(p, "class", "?"));
    if (p.path("status").isNumber()) {
      line.append(' ').append(p.path("status").asInt());
    }
    String generator = text(p, "generator", null);
    if (generator != null) {
      line.append(" from ").append(generator);
    }
    JsonNode total = p.path("timings_ms").path("total");
    if (total.isNumber()) {
      line.append(String.format(Locale.ROOT, " in %.1f ms", total.asDouble()));
    }
    line.append("  ").append(text(p, "url", ""));
    String detail = text(p, "detail", null);
    if (detail != null && !detail.isBlank()) {
      line.append("  (").append(detail).append(')');
    }
    return line.toString();
  }

  private static String alert(AlertView alert) {
    if (alert == null) {
      return "alert: none recorded";
    }
    String id = "alert " + alert.alertId() + ": ";
    if (alert.deadLetter() != null) {
      return id + "given up (" + alert.deadLetter() + ")";
    }
    if (alert.pending()) {
      return id
          + "pending since "
          + Times.shown(alert.createdAt())
          + (alert.attempts() > 0
              ? ", " + alert.attempts() + " failed attempt(s), last: " + alert.lastError()
              : "");
    }
    return id
        + "published "
        + Times.shown(alert.publishedAt())
        + (alert.messageId() == null ? "" : " (message " + alert.messageId() + ")");
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : fallback;
  }
}
