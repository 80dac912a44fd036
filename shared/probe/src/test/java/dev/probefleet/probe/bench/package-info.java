/**
 * The probe client's benchmark (issue 4): throughput of a 3,000-probe round, the accuracy of the
 * {@code ttfb} phase, and the {@code ttfb} of a fresh process's first round of 90 concurrent
 * probes, each printed side by side with a baseline measured in the same run. Not part of the
 * pass/fail suite: no class here is named {@code *Test} or {@code *IT}, and a missed target is
 * printed as {@code MISS}, never failed. Run it with {@code make bench}.
 *
 * <p>{@link dev.probefleet.probe.bench.ProbeBenchmark} is the entry point: it runs the lab servers,
 * starts every Java contender in a child JVM of its own ({@link
 * dev.probefleet.probe.bench.ThroughputChild}, {@link dev.probefleet.probe.bench.AccuracyChild},
 * {@link dev.probefleet.probe.bench.FreshRoundChild}) so that CPU time and peak RSS are that
 * contender's alone, drives blackbox_exporter, curl and our Go programs ({@code src/test/go}, built
 * and run by {@link dev.probefleet.probe.bench.GoTtfb}), and prints the tables.
 */
package dev.probefleet.probe.bench;
