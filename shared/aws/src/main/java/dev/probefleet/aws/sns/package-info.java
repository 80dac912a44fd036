/** Publishing alerts to the SNS topic, one message structure per protocol. */
package dev.probefleet.aws.sns;
