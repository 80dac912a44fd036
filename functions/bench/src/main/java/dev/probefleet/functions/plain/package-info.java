/**
 * Plain-Java baseline handlers: the probe function's work with no framework and hand-built clients,
 * for {@code make bench-functions} to measure the Micronaut functions' cold starts against.
 * Packaged as {@code functions/bench/target/probefleet-plain-function.zip} (the same layout as the
 * real functions); never deployed.
 */
package dev.probefleet.functions.plain;
