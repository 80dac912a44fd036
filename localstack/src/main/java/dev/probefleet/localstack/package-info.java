/**
 * One way for every integration test to get an AWS endpoint.
 *
 * <p>{@link dev.probefleet.localstack.AwsEmulators#shared()} chooses, in this order: the endpoint
 * in {@code AWS_ENDPOINT_URL} when it is set; LocalStack through Testcontainers when a Docker
 * engine is reachable; otherwise a moto server process on a free loopback port, started from the
 * project's virtualenv. One emulator serves the whole test run and is stopped after it. {@link
 * dev.probefleet.localstack.AwsEmulatorExtension} hands each test class its own freshly provisioned
 * tables and topics (a unique name prefix), so test classes never see each other's items, even on a
 * shared emulator.
 */
package dev.probefleet.localstack;
