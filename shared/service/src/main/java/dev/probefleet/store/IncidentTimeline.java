package dev.probefleet.store;

import java.util.List;
import java.util.Objects;

/**
 * One incident with its evidence timeline ({@code GET /v1/incidents/{id}}).
 *
 * @param incident the incident as it is now
 * @param entries its transitions, oldest first, each with its evidence and alert
 */
public record IncidentTimeline(IncidentSummary incident, List<TimelineEntry> entries) {
  public IncidentTimeline {
    Objects.requireNonNull(incident, "incident");
    entries = List.copyOf(entries);
  }
}
