package dev.probefleet.cli;

import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Tables;
import dev.probefleet.local.LocalDynamoDb;
import dev.probefleet.provisioning.ResourceProvisioner;
import dev.probefleet.runtime.LocalStoreConnector;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local store for {@code probefleet.store.kind=local}: DynamoDB Local under the data directory
 * (started here, or attached to when another probefleet process already serves it), with the
 * fleet's tables created. Only the CLI carries DynamoDB Local, so only it provides this.
 */
@Singleton
final class LocalStore implements LocalStoreConnector {
  private final List<LocalDynamoDb> opened = new ArrayList<>();

  @Override
  public synchronized DynamoDbClient connect(Path dataDir, ResourceNames names) {
    LocalDynamoDb store = LocalDynamoDb.open(dataDir);
    opened.add(store);
    DynamoDbClient client = store.client();
    new ResourceProvisioner(client, null, names).provision(Tables.all(), List.of());
    return client;
  }

  @PreDestroy
  synchronized void close() {
    opened.forEach(LocalDynamoDb::close);
    opened.clear();
  }
}
