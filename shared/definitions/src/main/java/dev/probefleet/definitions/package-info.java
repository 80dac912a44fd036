/**
 * The single definition of probefleet's AWS resources: DynamoDB tables (names, keys, indexes, TTL
 * attribute) and SNS topics (names, filterable message attributes).
 *
 * <p>Everything that creates or addresses these resources reads them from here: the emulator
 * bootstrap used by the tests and the local mode, the DynamoDB and SNS adapters, and the CDK app.
 * This package has no dependencies, so the CDK app can use it without pulling in the AWS SDK.
 */
package dev.probefleet.definitions;
