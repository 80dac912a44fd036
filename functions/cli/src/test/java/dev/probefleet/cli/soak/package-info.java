/**
 * {@code make soak}: {@code bin/probefleet run} as a user runs it, for minutes, against the lab's
 * fleet ({@code Lab.fleetTargets}), watched from outside the process — resident memory, open
 * descriptors and threads from {@code /proc}, heap after a full GC through {@code jcmd}, each
 * round's start and duration from its JSON lines — then printed as a table, drawn as a PNG chart
 * and judged: flat memory, no descriptor or thread growth, rounds never overlapping, late and
 * missing rounds counted. A benchmark, not part of the test suite; only the analysis and the
 * sampler have tests ({@code *Test}).
 */
package dev.probefleet.cli.soak;
