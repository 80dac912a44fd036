/**
 * Retrying AWS calls within a time budget: exponential backoff with full jitter, only for errors
 * that a retry can fix (throttling, 5xx, I/O), and never past the caller's deadline — a Lambda
 * invocation that overruns loses everything it has not yet written.
 */
package dev.probefleet.aws.retry;
