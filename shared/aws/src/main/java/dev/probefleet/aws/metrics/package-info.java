/**
 * CloudWatch metrics as Embedded Metric Format log lines: Lambda ships stdout to CloudWatch Logs,
 * which extracts the metrics — no PutMetricData calls on the hot path, no extra latency, no
 * throttling.
 */
package dev.probefleet.aws.metrics;
