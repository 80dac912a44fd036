package dev.probefleet.infra;

import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What each function may do with the fleet's data: the calls its code path makes, on the exact
 * resources. Read off the adapters in {@code shared/aws} and the services that call them:
 *
 * <ul>
 *   <li><b>probe</b> — {@code ProbeService}: the cached registry ({@code DynamoTargetRegistry.all}:
 *       Scan of targets), the rounds ({@code DynamoRoundStore.write}: one conditional PutItem per
 *       round); secret references in headers ({@code AwsSecretResolver}: SSM GetParameter with
 *       decryption, Secrets Manager GetSecretValue).
 *   <li><b>analyzer</b> — {@code AnalyzerService}: the registry (Scan); the rounds of a slot and of
 *       the re-analysed slots ({@code DynamoRoundStore.slot}, {@code slots}: Query); the target's
 *       state ({@code DynamoIncidentStore.load}: Query), its next state and transitions ({@code
 *       commit}: PutItem, or TransactWriteItems whose items are Put and Update — IAM authorises
 *       each item as PutItem and UpdateItem), baselines ({@code saveBaselines}: PutItem); the
 *       outbox ({@code pending}: Query of the {@code pendingAlerts} index, confirmed by
 *       BatchGetItem; {@code markPublished}, {@code recordFailure}, {@code deadLetter}:
 *       UpdateItem); alerts ({@code SnsAlertPublisher}: Publish).
 *   <li><b>api</b> — the controllers: status ({@code CachedTargets.all}: Scan; {@code
 *       DynamoIncidentStore.statuses}: BatchGetItem), incidents ({@code find}: Query of {@code
 *       byTarget}, {@code byLayer} or {@code open}; {@code incident}: Query), a target's history
 *       ({@code DynamoRoundStore.latest}: Query of rounds). Nothing is written.
 * </ul>
 *
 * Writing logs is granted by {@link FleetFunction} on the function's own log group.
 */
final class DataAccess {
  private DataAccess() {}

  /** The probe function of a region: writes rounds, reads the registry and its secrets. */
  static List<PolicyStatement> probe(Stack stack, HomeResources home) {
    return List.of(
        allow("WriteRounds", List.of("dynamodb:PutItem"), home.tableArn(stack, Tables.ROUNDS)),
        allow(
            "ReadTargetsRegistry", List.of("dynamodb:Scan"), home.tableArn(stack, Tables.TARGETS)),
        allow("ReadSecretParameters", List.of("ssm:GetParameter"), home.secretParametersArn(stack)),
        allow("ReadSecrets", List.of("secretsmanager:GetSecretValue"), home.secretsArn(stack)));
  }

  /** The analyzer: reads rounds and the registry, reads and writes incidents, publishes alerts. */
  static List<PolicyStatement> analyzer(Stack stack, HomeResources home) {
    return List.of(
        allow("ReadRounds", List.of("dynamodb:Query"), home.tableArn(stack, Tables.ROUNDS)),
        allow(
            "ReadTargetsRegistry", List.of("dynamodb:Scan"), home.tableArn(stack, Tables.TARGETS)),
        allow(
            "ReadWriteIncidents",
            List.of(
                "dynamodb:Query",
                "dynamodb:BatchGetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem"),
            home.tableArn(stack, Tables.INCIDENTS)),
        allow(
            "ReadOutbox",
            List.of("dynamodb:Query"),
            home.indexArn(stack, Tables.INCIDENTS, Tables.PENDING_ALERTS)),
        allow("PublishAlerts", List.of("sns:Publish"), home.topicArn(stack, Topics.ALERTS)));
  }

  /** The query API: reads incidents, the status, the registry and the rounds; writes nothing. */
  static List<PolicyStatement> api(Stack stack, HomeResources home) {
    return List.of(
        allow("ReadRounds", List.of("dynamodb:Query"), home.tableArn(stack, Tables.ROUNDS)),
        allow(
            "ReadTargetsRegistry", List.of("dynamodb:Scan"), home.tableArn(stack, Tables.TARGETS)),
        allow(
            "ReadIncidents",
            List.of("dynamodb:Query", "dynamodb:BatchGetItem"),
            home.tableArn(stack, Tables.INCIDENTS)),
        PolicyStatement.Builder.create()
            .sid("QueryIncidentIndexes")
            .effect(Effect.ALLOW)
            .actions(List.of("dynamodb:Query"))
            .resources(
                List.of(
                    home.indexArn(stack, Tables.INCIDENTS, Tables.INCIDENTS_BY_TARGET),
                    home.indexArn(stack, Tables.INCIDENTS, Tables.INCIDENTS_BY_LAYER),
                    home.indexArn(stack, Tables.INCIDENTS, Tables.OPEN_INCIDENTS)))
            .build());
  }

  private static PolicyStatement allow(String sid, List<String> actions, String resource) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(List.of(resource))
        .build();
  }
}
