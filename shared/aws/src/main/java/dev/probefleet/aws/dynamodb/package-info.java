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
 *       <td>eventually consistent (read after the grace period); ordered by region</td></tr>
 *   <tr><td>a target's rounds of the last few slots (re-analysis)</td><td>rounds</td>
 *       <td>{@code target = :t AND roundRegion BETWEEN "<first>#" AND "<last>#~"}</td>
 *       <td>one query for every slot</td></tr>
 *   <tr><td>a target's latest slots</td><td>rounds</td><td>{@code target = :t}, descending</td>
 *       <td>stops after N distinct slots ({@code latest})</td></tr>
 *   <tr><td>the targets registry</td><td>targets</td><td>Scan; GetItem {@code name}</td>
 *       <td>consistent; read once per cache TTL by a long-lived container</td></tr>
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
 *   <tr><td>pending alerts due (the outbox)</td><td>incidents / pendingAlerts (sparse)</td>
 *       <td>{@code pendingMarker = "PENDING" AND dueKey <= "<now ms>#~"}, ascending</td>
 *       <td>earliest due first; each page confirmed by a consistent BatchGetItem (the index
 *       lags)</td></tr>
 *   <tr><td>dead letters</td><td>incidents / pendingAlerts (sparse)</td>
 *       <td>{@code pendingMarker = "DEAD"}, descending {@code dueKey}</td>
 *       <td>most recently given up first</td></tr>
 *   <tr><td>a target's state, status, certificate incidents and learned baselines</td>
 *       <td>incidents</td><td>{@code pk = "TARGET#<t>"} ({@code WINDOW}, {@code BASELINE#…})</td>
 *       <td>consistent; one query; {@code WINDOW} carries {@code version} and one gzip'd
 *       document ({@code doc})</td></tr>
 *   <tr><td>the status of many targets ({@code /v1/status})</td><td>incidents</td>
 *       <td>BatchGetItem of {@code TARGET#<t> / WINDOW}, 100 keys at a time</td>
 *       <td>eventually consistent</td></tr>
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
 *   <tr><td>probe rounds</td><td>PutItem per round, 32 in parallel, retried to the deadline</td>
 *       <td>{@code attribute_not_exists(target)}: first write wins, a retried invocation's
 *       round is kept, not written</td></tr>
 *   <tr><td>a slot that moves the window only</td><td>PutItem {@code WINDOW}</td>
 *       <td>{@code version = :read} ({@code attribute_not_exists(pk)} for the first)</td></tr>
 *   <tr><td>a slot with transitions</td>
 *       <td>TransactWriteItems: Put {@code WINDOW}, Update {@code META}, Put {@code TRANSITION#n},
 *       Put {@code ALERT#n} with {@code pendingMarker}; a client request token from the content</td>
 *       <td>{@code WINDOW}: version as above; {@code TRANSITION#n}, {@code ALERT#n}: {@code
 *       attribute_not_exists(pk)}</td></tr>
 *   <tr><td>an alert published</td>
 *       <td>UpdateItem {@code ALERT#n}: REMOVE {@code pendingMarker}, {@code dueKey}, SET
 *       {@code publishedAt}, {@code messageId}</td><td>{@code pendingMarker = "PENDING"}</td></tr>
 *   <tr><td>a failed publication</td>
 *       <td>UpdateItem {@code ALERT#n}: SET {@code attempts + 1}, {@code lastError}, {@code
 *       nextAttemptAt}, {@code dueKey}</td><td>{@code pendingMarker = "PENDING"}</td></tr>
 *   <tr><td>an alert given up</td>
 *       <td>UpdateItem {@code ALERT#n}: SET {@code pendingMarker = "DEAD"}, {@code dueKey},
 *       {@code deadLetter}, {@code deadLetteredAt}</td><td>{@code pendingMarker =
 *       "PENDING"}</td></tr>
 *   <tr><td>a learned baseline, only when it changed</td><td>PutItem {@code BASELINE#<path>}</td>
 *       <td>{@code attribute_not_exists(pk) OR learnedThroughMs < :slot}</td></tr>
 * </table>
 *
 * <p>A cancelled transaction is decided from its cancellation reasons: the {@code WINDOW} condition
 * failed → the state moved on, the caller reads it again; only {@code TRANSITION} or {@code ALERT}
 * conditions failed → those were recorded by an earlier attempt, the rest is written again without
 * them; a conflicting transaction or throttling → retried until the deadline.
 */
package dev.probefleet.aws.dynamodb;
