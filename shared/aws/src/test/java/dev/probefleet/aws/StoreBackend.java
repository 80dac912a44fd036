package dev.probefleet.aws;

import dev.probefleet.definitions.TableDefinition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a store contract test runs against: the emulator over HTTP, or DynamoDB Local.
 *
 * @param dynamoDb a client for the backend
 * @param tables the physical name of each table
 */
public record StoreBackend(
    DynamoDbClient dynamoDb, java.util.function.Function<TableDefinition, String> tables) {
  public String table(TableDefinition table) {
    return tables.apply(table);
  }
}
