/**
 * The DynamoDB stores. Item layouts follow {@link dev.probefleet.definitions.Tables}; every write
 * that can be repeated by a retried invocation is idempotent (same key, same content, or a
 * condition that makes the second attempt a no-op).
 */
package dev.probefleet.aws.dynamodb;
