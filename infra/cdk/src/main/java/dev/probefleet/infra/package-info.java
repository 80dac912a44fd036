/**
 * The fleet's deployment as a CDK app: {@link dev.probefleet.infra.ProbefleetApp} builds a {@link
 * dev.probefleet.infra.HomeStack} in the home region and a {@link dev.probefleet.infra.ProbeStack}
 * in every probe region from the context ({@link dev.probefleet.infra.DeploymentSettings}).
 *
 * <p>The tables and the alert topic come from the one shared definition ({@code
 * dev.probefleet.definitions}), so the deployed resources cannot drift from what the stores and the
 * emulator bootstrap address. Each function's permissions are written out action by action in
 * {@link dev.probefleet.infra.DataAccess}: the DynamoDB, SNS, SSM and Secrets Manager calls its
 * code path makes, on the exact table, index, topic, parameter and secret ARNs. Probe stacks never
 * reference the home stack's resources (that would need cross-region exports): they build the home
 * ARNs from the deployment's names.
 */
package dev.probefleet.infra;
