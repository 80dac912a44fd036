/**
 * What every probefleet Lambda function shares, and nothing else: the invocation's deadline from
 * the Lambda {@code Context} ({@link dev.probefleet.lambda.InvocationDeadline}), the scheduled
 * event's input ({@link dev.probefleet.lambda.ScheduledInvocation}), and SnapStart priming ({@link
 * dev.probefleet.lambda.SnapStartPriming}). The functions themselves are a few lines each: the work
 * is in the services of the composition root.
 */
package dev.probefleet.lambda;
