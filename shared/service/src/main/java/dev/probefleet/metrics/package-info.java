/**
 * The metrics port: what the probe and analyzer services report per round and per verdict. In
 * Lambda it becomes CloudWatch Embedded Metric Format log lines (no API calls on the hot path).
 */
package dev.probefleet.metrics;
