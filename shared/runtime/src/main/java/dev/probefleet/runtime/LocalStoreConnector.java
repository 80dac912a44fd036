package dev.probefleet.runtime;

import dev.probefleet.definitions.ResourceNames;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Opens the local store (DynamoDB Local in a data directory, its tables provisioned) for {@code
 * probefleet.store.kind=local}. Only the CLI provides one: the Lambda packages do not carry
 * DynamoDB Local.
 */
public interface LocalStoreConnector {

  /** A client for the local store in {@code dataDir}, with every table of {@code names} created. */
  DynamoDbClient connect(Path dataDir, ResourceNames names);
}
