/**
 * How attribution reaches a verdict: the per-region chain walk ({@link
 * dev.probefleet.attribution.internal.RegionAttribution}), the cause rules for a failing layer and
 * the page phrases they read, the combination across regions and across rounds, certificate checks
 * and the wording of summaries. Not API: use {@link dev.probefleet.attribution.Attribution}.
 */
package dev.probefleet.attribution.internal;
