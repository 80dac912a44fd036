package dev.probefleet.aws;

import dev.probefleet.aws.dynamodb.DynamoIncidentStore;
import dev.probefleet.aws.dynamodb.DynamoRoundStore;
import dev.probefleet.aws.dynamodb.DynamoTargetRegistry;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a store contract test runs against: the emulator over HTTP, or DynamoDB Local.
 *
 * @param dynamoDb a client for the backend
 * @param tables the physical name of each table
 */
public record StoreBackend(DynamoDbClient dynamoDb, Function<TableDefinition, String> tables) {

  /**
   * Long enough that the fixed dates of test rounds never expire: DynamoDB Local deletes items
   * whose TTL has passed, and a 7-day retention would turn tests red a week after their dates.
   */
  public static final Duration RETENTION = Duration.ofDays(3650);

  public String table(TableDefinition table) {
    return tables.apply(table);
  }

  public DynamoIncidentStore incidents() {
    return new DynamoIncidentStore(
        dynamoDb, table(Tables.INCIDENTS), Retrier.standard(), Clock.systemUTC());
  }

  /** A round store reading {@code pageSize} items per query page. */
  public DynamoRoundStore rounds(int pageSize) {
    return new DynamoRoundStore(
        dynamoDb,
        table(Tables.ROUNDS),
        RETENTION,
        Retrier.standard(),
        pageSize,
        DynamoRoundStore.DEFAULT_WRITE_CONCURRENCY);
  }

  public DynamoTargetRegistry registry() {
    return new DynamoTargetRegistry(
        dynamoDb, table(Tables.TARGETS), Retrier.standard(), Clock.systemUTC());
  }
}
