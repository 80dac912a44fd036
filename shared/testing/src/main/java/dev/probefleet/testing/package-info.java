/**
 * Test code every module's tests share, used in test scope only. {@link
 * dev.probefleet.testing.RequiredTool} owns one decision: a test whose program of this machine is
 * missing skips on a developer's machine and fails under {@code CI=true}, where {@code .ci/run} has
 * installed every such program. {@link dev.probefleet.testing.CarrierHog} saturates the prober on
 * purpose, for shared/probe's and shared/service's tests. The module depends on JUnit's API alone,
 * so that shared/fingerprint, functions/cli, localstack and the rest can all use it without a
 * dependency cycle.
 */
package dev.probefleet.testing;
