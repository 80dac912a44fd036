package dev.probefleet.infra;

import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.KeyAttribute;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The fleet's DynamoDB tables, generated from {@link Tables#all()}: names, keys, global secondary
 * indexes (every attribute projected, as {@link IndexDefinition} says: a query on an index never
 * needs a second read) and the TTL attribute. On-demand billing, as {@link TableDefinition} says.
 *
 * <p>What the definition does not say is decided here, per table:
 *
 * <ul>
 *   <li><b>incidents</b> — the one table that cannot be rebuilt (the incident history, the outbox,
 *       the learned baselines): point-in-time recovery, deletion protection, retained when the
 *       stack is deleted.
 *   <li><b>targets</b> — point-in-time recovery too (a few kilobytes, so it costs next to nothing,
 *       and a bad {@code targets apply --prune} can be undone); retained.
 *   <li><b>rounds</b> — measurements that expire by TTL within days: no point-in-time recovery (the
 *       largest table; restoring old probes has no use), destroyed with the stack.
 * </ul>
 */
final class HomeTables extends Construct {

  private final Map<TableDefinition, Table> tables = new LinkedHashMap<>();

  HomeTables(Construct scope, String id, ResourceNames names) {
    super(scope, id);
    for (TableDefinition definition : Tables.all()) {
      tables.put(definition, table(definition, names));
    }
  }

  private Table table(TableDefinition definition, ResourceNames names) {
    boolean history = definition == Tables.INCIDENTS;
    boolean recoverable = definition != Tables.ROUNDS;
    Table.Builder builder =
        Table.Builder.create(this, logicalId(definition))
            .tableName(names.table(definition))
            .partitionKey(attribute(definition.key().partitionKey()))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder()
                    .pointInTimeRecoveryEnabled(recoverable)
                    .build())
            .deletionProtection(history)
            .removalPolicy(recoverable ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    definition.key().sortKey().ifPresent(k -> builder.sortKey(attribute(k)));
    definition.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
    Table table = builder.build();
    if (!recoverable) {
      NagSuppressions.addResourceSuppressions(
          table,
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-DDB3")
                  .reason(
                      "Probe rounds are measurements that expire by TTL within days (7 by"
                          + " default) and are rewritten every slot: a restore of past probes has"
                          + " no use, and point-in-time recovery on the largest table would be"
                          + " its largest fixed cost. The incident history and the registry have"
                          + " it.")
                  .build()));
    }
    for (IndexDefinition index : definition.globalIndexes()) {
      GlobalSecondaryIndexProps.Builder props =
          GlobalSecondaryIndexProps.builder()
              .indexName(index.name())
              .partitionKey(attribute(index.key().partitionKey()))
              .projectionType(ProjectionType.ALL);
      index.key().sortKey().ifPresent(k -> props.sortKey(attribute(k)));
      table.addGlobalSecondaryIndex(props.build());
    }
    return table;
  }

  /** The table made from a definition. */
  Table table(TableDefinition definition) {
    Table table = tables.get(definition);
    if (table == null) {
      throw new IllegalArgumentException("no table " + definition.logicalName());
    }
    return table;
  }

  /** {@code rounds} → {@code Rounds}. */
  static String logicalId(TableDefinition definition) {
    StringBuilder id = new StringBuilder();
    for (String part : definition.logicalName().split("-")) {
      id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return id.toString();
  }

  private static Attribute attribute(KeyAttribute key) {
    return Attribute.builder()
        .name(key.name())
        .type(
            switch (key.type()) {
              case STRING -> AttributeType.STRING;
              case NUMBER -> AttributeType.NUMBER;
              case BINARY -> AttributeType.BINARY;
            })
        .build();
  }
}
