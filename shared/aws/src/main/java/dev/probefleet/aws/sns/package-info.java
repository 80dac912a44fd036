/**
 * Publishing alerts to the SNS topic: one JSON document per alert as the body for every protocol
 * (String message structure, so that message attributes are delivered and attribute and body filter
 * policies both work), the filter attributes, and a classification of refusals into permanent (this
 * message will never be accepted) and transient (retry later, or after a configuration fix).
 */
package dev.probefleet.aws.sns;
