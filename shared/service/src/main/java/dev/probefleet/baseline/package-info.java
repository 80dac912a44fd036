/**
 * Learning each path's usual software from its healthy answers, in one place for every caller:
 * {@code probefleet diagnose} keeps the baselines for the length of a run, the analyzer keeps them
 * in the store and writes one only when it changed.
 */
package dev.probefleet.baseline;
