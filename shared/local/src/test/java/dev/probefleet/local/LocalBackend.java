package dev.probefleet.local;

import dev.probefleet.aws.StoreBackend;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.provisioning.ResourceProvisioner;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local in a data directory, with probefleet's tables provisioned. */
final class LocalBackend implements AutoCloseable {
  final LocalDynamoDb store;
  final DynamoDbClient client;
  final ResourceNames names = ResourceNames.defaults();

  LocalBackend(Path dir) {
    store = LocalDynamoDb.open(dir);
    client = store.client();
    new ResourceProvisioner(client, null, names).provision(Tables.all(), java.util.List.of());
  }

  StoreBackend backend() {
    return new StoreBackend(client, names::table);
  }

  @Override
  public void close() {
    client.close();
    store.close();
  }
}
