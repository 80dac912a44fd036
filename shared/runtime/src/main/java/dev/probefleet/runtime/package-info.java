/**
 * The composition root. Every object graph the hosts need — AWS clients, stores, the probe client,
 * services, publishers, metrics — is built here by Micronaut factories ({@code FleetFactory},
 * {@code AwsClientFactory}) from typed configuration records ({@code probefleet.*} properties;
 * Micronaut maps environment variables onto them: {@code PROBEFLEET_STORE_KIND} is {@code
 * probefleet.store.kind}). The Lambda functions, {@code probefleet run} and {@code probefleet
 * diagnose} start it ({@link dev.probefleet.runtime.Fleet}) and ask it for services; none of them
 * calls {@code new} on an adapter. Dependency injection is compiled: no classpath scanning, no
 * reflection at start-up.
 *
 * <h2>Retries: one policy, in one place</h2>
 *
 * <ul>
 *   <li><b>DynamoDB and SNS</b>: the SDK does not retry ({@code AwsRetryStrategy.doNotRetry()}).
 *       Every call goes through {@link dev.probefleet.aws.retry.Retrier}, which retries throttling,
 *       5xx and lost connections with full-jitter backoff until the caller's deadline (an
 *       invocation's remaining time minus a margin) — so retries never stack (SDK attempts × ours)
 *       and never outlive the invocation. Each HTTP attempt is bounded by {@code
 *       probefleet.aws.attempt-timeout} (default 10 s), connections by {@code connection-timeout}
 *       (2 s), reads by {@code socket-timeout} (10 s); calls with a deadline also set {@code
 *       apiCallTimeout} to the time left.
 *   <li><b>SSM and Secrets Manager</b>: the SDK's standard retries (3 attempts), because the secret
 *       resolver has no retrier of its own; values are cached ({@code
 *       probefleet.secrets.cache-ttl}), so a probe round rarely calls them at all.
 *   <li><b>Probes</b> are never retried by the transport: a failing path gets exactly one fast
 *       confirmation, which is data, not a retry.
 * </ul>
 *
 * <h2>Regions</h2>
 *
 * DynamoDB is always the home region's ({@code probefleet.home-region}): every probe region writes
 * its rounds there, one table, no global-table replicas. SNS is the topic's region (from its ARN).
 * Secrets are read in {@code probefleet.secrets.region}, by default the home region: one copy of
 * each secret per fleet, readable by every probe region's function.
 */
package dev.probefleet.runtime;
