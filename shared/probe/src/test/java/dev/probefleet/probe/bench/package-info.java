/**
 * The probe client's benchmark (issue 4): throughput of a 3,000-probe round, the accuracy of the
 * {@code ttfb} phase, and the {@code ttfb} of a fresh process's first round of 90 concurrent
 * probes, each printed side by side with a baseline measured in the same run; and the HTTPS case
 * (issue 16, {@link dev.probefleet.probe.bench.HttpsBenchmark}): {@code bin/probefleet diagnose} at
 * 3,000 HTTPS probes beside blackbox_exporter. Not part of the pass/fail suite: a missed target is
 * printed as {@code MISS}, never failed, and the only {@code *Test} here checks the benchmark's own
 * pure parts (reading diagnose's JSON, the summary line). Run it with {@code make bench}.
 *
 * <p>{@link dev.probefleet.probe.bench.ProbeBenchmark} is the entry point: it runs the lab servers,
 * starts every Java contender in a child JVM of its own ({@link
 * dev.probefleet.probe.bench.ThroughputChild}, {@link dev.probefleet.probe.bench.AccuracyChild},
 * {@link dev.probefleet.probe.bench.FreshRoundChild}) so that CPU time and peak RSS are that
 * contender's alone, drives blackbox_exporter, curl and our Go programs ({@code src/test/go}, built
 * and run by {@link dev.probefleet.probe.bench.GoTtfb}), and prints the tables.
 */
package dev.probefleet.probe.bench;
