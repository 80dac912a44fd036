package dev.probefleet.store;

import java.util.Optional;

/** The incident history as people query it: the API's {@code /v1/incidents} and the CLI. */
public interface IncidentHistory {

  /**
   * Incidents, newest first.
   *
   * @throws InvalidQueryException for a continuation token not issued for this query
   */
  Page<IncidentSummary> find(IncidentQuery query, PageRequest page);

  /** One incident with its evidence timeline. */
  Optional<IncidentTimeline> incident(String incidentId);
}
