/**
 * The packaged functions run as Lambda runs them: {@link
 * dev.probefleet.functions.rie.LambdaEmulator} starts a function zip under AWS's Runtime Interface
 * Emulator (aws-lambda-rie, from {@code make rie}) through the Java runtime interface client, in a
 * fresh JVM with a clean environment; the integration tests here invoke each function once through
 * the emulator's HTTP endpoint against the AWS emulator.
 */
package dev.probefleet.functions.rie;
