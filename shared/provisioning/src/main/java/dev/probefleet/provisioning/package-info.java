/**
 * Creates probefleet's DynamoDB tables and SNS topics from {@link dev.probefleet.definitions} —
 * idempotently, so it can run on every start of the local mode and before every emulator test run.
 *
 * <p>Deployed stacks do not use this: the CDK app and the SAM template create the same resources
 * from the same definitions.
 */
package dev.probefleet.provisioning;
