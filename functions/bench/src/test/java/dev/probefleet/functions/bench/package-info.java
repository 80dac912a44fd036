/**
 * {@code make bench-functions}: cold starts of the packaged functions beside plain-Java handlers,
 * the SDK HTTP clients' start-up, and the targets one probe invocation can take at a memory size
 * ({@link dev.probefleet.functions.bench.FunctionBenchmark}). Test sources: not part of the suite,
 * never in a package.
 */
package dev.probefleet.functions.bench;
