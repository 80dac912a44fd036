/**
 * The alerting port: a rendered alert goes out through SNS in AWS (the outbox guarantees it goes
 * out at least once) and to the console in the local mode.
 */
package dev.probefleet.notify;
