/**
 * The DynamoDB stores. Item layouts follow {@link dev.probefleet.definitions.Tables}; every write
 * that can be repeated by a retried invocation is idempotent (same key, same content, or a
 * condition that makes the second attempt a no-op).
 *
 * <h2>Access patterns (DESIGN §2)</h2>
 *
 * <table>
 *   <caption>Reads: which table or index, and the key condition</caption>
 *   <tr><th>access pattern</th><th>table / index</th><th>key condition</th><th>notes</th></tr>
 *   <tr><td>a target's rounds of one slot, all regions</td><td>rounds</td>
 *       <td>{@code target = :t AND begins_with(roundRegion, "<slot>#")}</td>
 *       <td>consistent; ordered by region ({@code DynamoRoundStore.slot})</td></tr>
 *   <tr><td>a target's latest slots</td><td>rounds</td><td>{@code target = :t}, descending</td>
 *       <td>stops after N distinct slots ({@code latest})</td></tr>
 *   <tr><td>the targets registry</td><td>targets</td><td>Scan; GetItem {@code name}</td>
 *       <td>small; consistent</td></tr>
 *   <tr><td>a target's incidents in a time range</td><td>incidents / byTarget</td>
 *       <td>{@code incidentTarget = :t AND incidentId BETWEEN :lo AND :hi}, descending</td>
 *       <td>optional filters: {@code incidentLayer}, {@code status}</td></tr>
 *   <tr><td>all open incidents</td><td>incidents / open (sparse)</td>
 *       <td>{@code openMarker = "OPEN" AND incidentId BETWEEN :lo AND :hi}, descending</td>
 *       <td>only open META items carry {@code openMarker}</td></tr>
 *   <tr><td>incidents by layer in a time range</td><td>incidents / byLayer</td>
 *       <td>{@code incidentLayer = :l AND incidentId BETWEEN :lo AND :hi}, descending</td>
 *       <td>the incident's current layer; optional filter: {@code status}</td></tr>
 *   <tr><td>one incident with its evidence timeline</td><td>incidents</td>
 *       <td>{@code pk = "INCIDENT#<id>"}</td>
 *       <td>consistent; {@code META}, {@code TRANSITION#000001…}, {@code ALERT#000001…}</td></tr>
 *   <tr><td>pending alerts (the outbox)</td><td>incidents / pendingAlerts (sparse)</td>
 *       <td>{@code pendingMarker = "PENDING"}, ascending {@code alertId}</td>
 *       <td>each page confirmed by a consistent BatchGetItem (the index lags)</td></tr>
 *   <tr><td>a target's learned baselines</td><td>incidents</td>
 *       <td>{@code pk = "TARGET#<t>" AND begins_with(sk, "BASELINE#")}</td>
 *       <td>consistent; one item per path label</td></tr>
 *   <tr><td>a target's K-of-N window (its {@code IncidentState})</td><td>incidents</td>
 *       <td>GetItem {@code pk = "TARGET#<t>", sk = "WINDOW"}</td>
 *       <td>consistent; carries {@code version}</td></tr>
 * </table>
 *
 * <p>Incident ids are ULIDs whose first ten characters are the milliseconds of the slot the
 * incident opened at, so "opened in [since, until)" is a range of the indexes' sort key, not a
 * filter. Listing queries return one DynamoDB page per call: {@code limit} bounds the items read, a
 * filter may leave a page empty, and the continuation token (URL-safe base64 of the last evaluated
 * key and the query it belongs to) leads on.
 *
 * <table>
 *   <caption>Writes and what makes them safe to repeat</caption>
 *   <tr><th>write</th><th>operation</th><th>condition</th></tr>
 *   <tr><td>probe rounds</td><td>BatchWriteItem, unprocessed items re-sent with backoff</td>
 *       <td>none: a retry writes the same item</td></tr>
 *   <tr><td>a slot that moves the window only</td><td>PutItem {@code WINDOW}</td>
 *       <td>{@code version = :read} ({@code attribute_not_exists(pk)} for the first)</td></tr>
 *   <tr><td>a slot with transitions</td>
 *       <td>TransactWriteItems: Put {@code WINDOW}, Update {@code META}, Put {@code TRANSITION#n},
 *       Put {@code ALERT#n} with {@code pendingMarker}; a client request token from the content</td>
 *       <td>{@code WINDOW}: version as above; {@code TRANSITION#n}, {@code ALERT#n}: {@code
 *       attribute_not_exists(pk)}</td></tr>
 *   <tr><td>an alert published</td>
 *       <td>UpdateItem {@code ALERT#n}: REMOVE {@code pendingMarker}, SET {@code publishedAt},
 *       {@code messageId}</td><td>{@code attribute_exists(pendingMarker)}</td></tr>
 *   <tr><td>a learned baseline</td><td>PutItem {@code BASELINE#<path>}</td>
 *       <td>{@code attribute_not_exists(pk) OR learnedThroughMs < :slot}</td></tr>
 * </table>
 *
 * <p>A cancelled transaction is decided from its cancellation reasons: the {@code WINDOW} condition
 * failed → the state moved on, the caller reads it again; only {@code TRANSITION} or {@code ALERT}
 * conditions failed → those were recorded by an earlier attempt, the rest is written again without
 * them; a conflicting transaction or throttling → retried until the deadline.
 */
package dev.probefleet.aws.dynamodb;
