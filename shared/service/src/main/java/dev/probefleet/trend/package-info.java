/** A target's history as time series: what each layer adds to its latency, round by round. */
package dev.probefleet.trend;
