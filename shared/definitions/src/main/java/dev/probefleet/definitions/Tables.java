package dev.probefleet.definitions;

import java.util.List;
import java.util.Optional;

/**
 * probefleet's DynamoDB tables. Three tables rather than one so that each function's IAM policy can
 * name only the tables it touches (the probe function never reads incidents; the query API never
 * writes anything) and so that only probe rounds expire.
 */
public final class Tables {

  /**
   * One record per target, round slot and region, written by the probe functions. The analyzer
   * reads the latest slot of a target across regions with one query: {@code target = :t AND
   * begins_with(roundRegion, :slot)}. Records expire through TTL.
   */
  public static final TableDefinition ROUNDS =
      new TableDefinition(
          "rounds",
          KeySchema.of(KeyAttribute.string("target"), KeyAttribute.string("roundRegion")),
          List.of(),
          Optional.of("expiresAt"),
          "probe round results: target x round slot x region, expiring by TTL");

  /** Incidents of one target in a time range (incident ids are ULIDs, so they sort by time). */
  public static final IndexDefinition INCIDENTS_BY_TARGET =
      new IndexDefinition(
          "byTarget",
          KeySchema.of(KeyAttribute.string("incidentTarget"), KeyAttribute.string("incidentId")),
          "a target's incidents in a time range");

  /** Incidents blamed on one layer in a time range. */
  public static final IndexDefinition INCIDENTS_BY_LAYER =
      new IndexDefinition(
          "byLayer",
          KeySchema.of(KeyAttribute.string("incidentLayer"), KeyAttribute.string("incidentId")),
          "incidents by layer in a time range");

  /** Sparse: only incidents that are open carry {@code openMarker}. */
  public static final IndexDefinition OPEN_INCIDENTS =
      new IndexDefinition(
          "open",
          KeySchema.of(KeyAttribute.string("openMarker"), KeyAttribute.string("incidentId")),
          "all open incidents, oldest first");

  /**
   * Sparse: only alerts in the outbox carry {@code pendingMarker} — {@code PENDING} while they
   * wait, earliest due first ({@code dueKey} = the due time's epoch milliseconds, zero-padded, then
   * the alert id), and {@code DEAD} once given up (dead letters, by the time they were given up).
   */
  public static final IndexDefinition PENDING_ALERTS =
      new IndexDefinition(
          "pendingAlerts",
          KeySchema.of(KeyAttribute.string("pendingMarker"), KeyAttribute.string("dueKey")),
          "alerts written with their transition but not yet published, earliest due first; dead"
              + " letters");

  /**
   * The analyzer's state and the incident history, in one table keyed {@code pk}/{@code sk}: an
   * incident ({@code INCIDENT#<id>} / {@code META}) and its evidence timeline ({@code
   * INCIDENT#<id>} / {@code TRANSITION#<n>}, {@code ALERT#<n>}); per target the K-of-N window
   * ({@code TARGET#<name>} / {@code WINDOW}) and the learned baselines ({@code TARGET#<name>} /
   * {@code BASELINE#<path>}).
   */
  public static final TableDefinition INCIDENTS =
      new TableDefinition(
          "incidents",
          KeySchema.of(KeyAttribute.string("pk"), KeyAttribute.string("sk")),
          List.of(INCIDENTS_BY_TARGET, INCIDENTS_BY_LAYER, OPEN_INCIDENTS, PENDING_ALERTS),
          Optional.empty(),
          "incident history with evidence, alert outbox, K-of-N windows and learned baselines");

  /**
   * The targets registry that {@code probefleet targets apply} writes and the probe functions read,
   * so targets change without a redeploy.
   */
  public static final TableDefinition TARGETS =
      new TableDefinition(
          "targets",
          KeySchema.of(KeyAttribute.string("name")),
          List.of(),
          Optional.empty(),
          "targets registry: one item per target, referenced files inlined");

  private Tables() {}

  /** Every table, in creation order. */
  public static List<TableDefinition> all() {
    return List.of(ROUNDS, INCIDENTS, TARGETS);
  }
}
