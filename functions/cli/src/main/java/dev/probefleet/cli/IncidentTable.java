package dev.probefleet.cli;

import dev.probefleet.api.model.IncidentView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Incidents as aligned columns, newest first, for a person reading a terminal: what the API's
 * {@link IncidentView} says, with times shown as {@code 2026-11-24 09:01:00Z} and how long each
 * lasted (an open one: so far).
 */
final class IncidentTable {
  private static final List<String> HEADER =
      List.of("ID", "TARGET", "LAYER", "CAUSE", "STATE", "OPENED", "DURATION", "REGIONS");

  private IncidentTable() {}

  /**
   * The table, a line per incident under a header line; every line ends with a newline.
   *
   * @param now the time an open incident's duration runs to
   */
  static String render(List<IncidentView> incidents, Instant now) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (IncidentView i : incidents) {
      rows.add(
          List.of(
              i.id(),
              i.target(),
              i.layer(),
              i.cause(),
              i.state(),
              Times.shown(i.openedAt()),
              duration(i, now),
              i.regions().isEmpty() ? "-" : String.join(",", i.regions())));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        line.append(row.get(c));
        if (c < row.size() - 1) {
          line.append(" ".repeat(widths[c] - row.get(c).length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String duration(IncidentView incident, Instant now) {
    Instant opened = Instant.parse(incident.openedAt());
    if (incident.resolvedAt() != null) {
      return Times.duration(Duration.between(opened, Instant.parse(incident.resolvedAt())));
    }
    return Times.duration(Duration.between(opened, now)) + " so far";
  }
}
