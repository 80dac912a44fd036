/**
 * The ports the services need from storage: probe rounds and the targets registry (and, with the
 * incident history, the analyzer's state). DynamoDB implements them in AWS and on a laptop
 * (DynamoDB Local); nothing here knows which.
 *
 * <p>Writes take a deadline: an implementation retries throttling and server errors until then and
 * reports what it could not write, never dropping it silently.
 */
package dev.probefleet.store;
