package dev.probefleet.store;

import java.time.Instant;
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

  /**
   * {@link #find(IncidentQuery, PageRequest)}, retried no later than {@code deadline} (a Lambda
   * invocation's remaining time): a store that retries reads bounds them by the earlier of this and
   * its own read budget. A store that never waits ignores it.
   */
  default Page<IncidentSummary> find(IncidentQuery query, PageRequest page, Instant deadline) {
    return find(query, page);
  }

  /** {@link #incident(String)}, retried no later than {@code deadline}. */
  default Optional<IncidentTimeline> incident(String incidentId, Instant deadline) {
    return incident(incidentId);
  }
}
