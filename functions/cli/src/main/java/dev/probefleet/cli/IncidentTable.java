package dev.probefleet.cli;

import dev.probefleet.model.RoundSlot;
import dev.probefleet.store.IncidentHistory;
import dev.probefleet.store.IncidentQuery;
import dev.probefleet.store.IncidentSummary;
import dev.probefleet.store.Page;
import dev.probefleet.store.PageRequest;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A target's incident history as a table, oldest first, read with the store's incident query (the
 * one behind {@code GET /v1/incidents}). The lab ends with it; {@code probefleet incidents} is to
 * print the same table, when this gives way to it.
 */
final class IncidentTable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final String ROW = "%-10s %-10s %-9s %-14s %-24s %-5s %s%n";

  private IncidentTable() {}

  /** Prints {@code target}'s incidents (at most {@code max}); returns how many. */
  static int print(IncidentHistory history, String target, int max, PrintWriter out) {
    List<IncidentSummary> incidents =
        Page.collect(
            PageRequest.first(Math.min(max, PageRequest.MAX_LIMIT)),
            max,
            page -> history.find(IncidentQuery.ofTarget(target), page));
    out.println("Incident history of " + target + ":");
    if (incidents.isEmpty()) {
      out.println("  (none)");
      out.flush();
      return 0;
    }
    out.printf(ROW, "OPENED", "RESOLVED", "STATE", "LAYER", "CAUSE", "SEV", "INCIDENT");
    for (IncidentSummary i : incidents.reversed()) {
      out.printf(
          ROW,
          time(i.openedAt()),
          i.resolvedAt().map(IncidentTable::time).orElse("-"),
          i.status().key(),
          i.signature().layer(),
          i.signature().cause(),
          i.signature().severity(),
          i.id());
    }
    out.flush();
    return incidents.size();
  }

  private static String time(RoundSlot slot) {
    return TIME.format(slot.start());
  }
}
