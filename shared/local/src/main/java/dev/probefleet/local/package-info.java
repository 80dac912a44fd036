/**
 * The local mode's DynamoDB: AWS's DynamoDB Local, in-process, persisted under a data directory
 * ({@code ./data} by default) with {@code -sharedDb}, so the file does not depend on credentials or
 * region. The first process to open a data directory owns it and serves it on a loopback port
 * recorded in {@code dynamodb.endpoint}; any other process (say {@code probefleet incidents} while
 * {@code probefleet run} is running) attaches to that port instead of opening the same file.
 */
package dev.probefleet.local;
