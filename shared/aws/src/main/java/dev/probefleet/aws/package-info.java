/**
 * AWS SDK v2 adapters for the service ports: DynamoDB stores (rounds, targets registry, incident
 * history with the analyzer's state and the alert outbox), SNS alert publishing, EMF metrics,
 * secrets from SSM and Secrets Manager.
 *
 * <p>Clients are given to the adapters (one factory per service lives with the functions), so an
 * emulator, DynamoDB Local or AWS is a matter of the client's endpoint, never a code branch.
 */
package dev.probefleet.aws;
