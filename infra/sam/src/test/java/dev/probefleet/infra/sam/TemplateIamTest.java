package dev.probefleet.infra.sam;

import static dev.probefleet.infra.sam.SamTemplate.list;
import static dev.probefleet.infra.sam.SamTemplate.map;
import static dev.probefleet.infra.sam.SamTemplate.oneOrMany;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, statement by statement: no wildcard action, no resource {@code *}, every
 * resource an exact table, index, topic, log group or function alias of this stack (the two secret
 * prefixes are the only patterns, each justified below), and each role granted exactly the calls
 * its function's code makes — the listing in {@link #GRANTS}, which is the one the README's
 * "Deploy" section prints.
 */
class TemplateIamTest {
  private final SamTemplate template = SamTemplate.load();

  /**
   * Role → "action → resource", from the calls of {@code shared/aws}: the probe function reads the
   * registry ({@code DynamoTargetRegistry.all}: Scan) and puts rounds ({@code DynamoRoundStore}:
   * conditional PutItem), resolves header secrets ({@code AwsSecretResolver}: GetParameter,
   * GetSecretValue); the analyzer reads the registry, queries rounds, and in the incidents table
   * queries a target's state and the outbox index, reads pending alerts back (BatchGetItem), puts
   * state and baselines, updates alerts and commits transitions (TransactWriteItems: authorized per
   * item as PutItem and UpdateItem), and publishes to the topic ({@code SnsAlertPublisher}); the
   * API reads the registry, queries rounds (a target's history), queries incidents by target, layer
   * and open, reads one incident's items and batch-reads statuses. Every function writes its own
   * log group; the scheduler invokes the two scheduled functions' aliases.
   */
  static final SortedMap<String, List<String>> GRANTS =
      new TreeMap<>(
          Map.of(
              "ProbeRole",
              List.of(
                  "logs:CreateLogStream → ProbeLogGroup.Arn",
                  "logs:PutLogEvents → ProbeLogGroup.Arn",
                  "dynamodb:Scan → TargetsTable.Arn",
                  "dynamodb:PutItem → RoundsTable.Arn",
                  "ssm:GetParameter → arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SecretsParameterPath}*",
                  "secretsmanager:GetSecretValue → arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${SecretsNamePrefix}*"),
              "AnalyzerRole",
              List.of(
                  "logs:CreateLogStream → AnalyzerLogGroup.Arn",
                  "logs:PutLogEvents → AnalyzerLogGroup.Arn",
                  "dynamodb:Scan → TargetsTable.Arn",
                  "dynamodb:Query → RoundsTable.Arn",
                  "dynamodb:Query → IncidentsTable.Arn",
                  "dynamodb:BatchGetItem → IncidentsTable.Arn",
                  "dynamodb:PutItem → IncidentsTable.Arn",
                  "dynamodb:UpdateItem → IncidentsTable.Arn",
                  "dynamodb:Query → ${IncidentsTable.Arn}/index/pendingAlerts",
                  "sns:Publish → AlertTopic"),
              "ApiRole",
              List.of(
                  "logs:CreateLogStream → ApiLogGroup.Arn",
                  "logs:PutLogEvents → ApiLogGroup.Arn",
                  "dynamodb:Scan → TargetsTable.Arn",
                  "dynamodb:Query → RoundsTable.Arn",
                  "dynamodb:Query → IncidentsTable.Arn",
                  "dynamodb:BatchGetItem → IncidentsTable.Arn",
                  "dynamodb:Query → ${IncidentsTable.Arn}/index/byTarget",
                  "dynamodb:Query → ${IncidentsTable.Arn}/index/byLayer",
                  "dynamodb:Query → ${IncidentsTable.Arn}/index/open"),
              "SchedulerRole",
              List.of(
                  "lambda:InvokeFunction → ProbeFunction.Alias",
                  "lambda:InvokeFunction → AnalyzerFunction.Alias")));

  /**
   * The only resource patterns, and why: a targets file names its header secrets ({@code {secret:
   * "ssm:/probefleet/…"}}) and changes without a redeploy, so the probe role reads one parameter
   * path and one secret-name prefix that the deployer chooses (parameters {@code
   * SecretsParameterPath}, {@code SecretsNamePrefix}), not the whole account's. A log group's ARN
   * ends in {@code :*} (its streams) by CloudFormation's definition.
   */
  private static final List<String> JUSTIFIED_PATTERNS =
      List.of(
          "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SecretsParameterPath}*",
          "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${SecretsNamePrefix}*");

  private static final Pattern INDEX_ARN = Pattern.compile("\\$\\{(\\w+)\\.Arn}/index/(\\w+)");

  @Test
  void eachRoleIsGrantedExactlyTheCallsItsFunctionMakes() {
    SortedMap<String, List<String>> granted = new TreeMap<>();
    statements()
        .forEach(
            (role, statements) -> {
              List<String> lines = new ArrayList<>();
              for (Map<String, Object> s : statements) {
                for (Object resource : oneOrMany(s.get("Resource"))) {
                  for (Object action : oneOrMany(s.get("Action"))) {
                    lines.add(action + " → " + SamTemplate.render(resource));
                  }
                }
              }
              granted.put(role, lines);
            });
    assertThat(granted.keySet()).isEqualTo(GRANTS.keySet());
    GRANTS.forEach(
        (role, expected) ->
            assertThat(granted.get(role)).as(role).containsExactlyInAnyOrderElementsOf(expected));
  }

  @Test
  void noStatementAllowsAWildcardActionOrDeniesByExclusion() {
    statements()
        .forEach(
            (role, statements) -> {
              for (Map<String, Object> s : statements) {
                assertThat(s).as(role).containsEntry("Effect", "Allow");
                assertThat(s)
                    .as(role)
                    .doesNotContainKeys("NotAction", "NotResource", "NotPrincipal");
                for (Object action : oneOrMany(s.get("Action"))) {
                  assertThat(action).as(role).isInstanceOf(String.class);
                  assertThat((String) action).as(role).matches("[a-z0-9-]+:[A-Za-z]+");
                }
              }
            });
  }

  @Test
  void everyResourceIsAnExactResourceOfThisStackOrAJustifiedPattern() {
    statements()
        .forEach(
            (role, statements) -> {
              for (Map<String, Object> s : statements) {
                for (Object resource : oneOrMany(s.get("Resource"))) {
                  String rendered = SamTemplate.render(resource);
                  if (JUSTIFIED_PATTERNS.contains(rendered)) {
                    continue;
                  }
                  assertThat(rendered).as(role).doesNotContain("*");
                  assertThat(resource)
                      .as("%s: %s is a reference, not a written ARN", role, rendered)
                      .isInstanceOf(Map.class);
                  Map<String, Object> function = map(resource, rendered);
                  if (function.containsKey("Fn::GetAtt")) {
                    List<?> parts = list(function.get("Fn::GetAtt"), rendered);
                    assertThat(parts.get(1)).isEqualTo("Arn");
                    assertThat(template.type((String) parts.get(0)))
                        .isIn("AWS::DynamoDB::Table", "AWS::Logs::LogGroup");
                  } else if (function.containsKey("Ref")) {
                    String ref = (String) function.get("Ref");
                    if (ref.endsWith(".Alias")) {
                      assertThat(template.type(ref.substring(0, ref.length() - 6)))
                          .isEqualTo("AWS::Serverless::Function");
                    } else {
                      assertThat(template.type(ref)).isEqualTo("AWS::SNS::Topic");
                    }
                  } else {
                    Matcher m = INDEX_ARN.matcher(rendered);
                    assertThat(m.matches())
                        .as("%s: %s is a table's index", role, rendered)
                        .isTrue();
                    TableDefinition table = definitionOf(m.group(1));
                    assertThat(table.index(m.group(2)))
                        .as("%s: %s names an index of %s", role, rendered, table.logicalName())
                        .isPresent();
                  }
                }
              }
            });
  }

  @Test
  void eachFunctionRunsWithItsOwnRoleAndNoPoliciesSamWouldAdd() {
    Map<String, String> roles =
        Map.of(
            "ProbeFunction",
            "ProbeRole",
            "AnalyzerFunction",
            "AnalyzerRole",
            "ApiFunction",
            "ApiRole");
    assertThat(template.ofType("AWS::Serverless::Function").keySet())
        .containsExactlyInAnyOrderElementsOf(roles.keySet());
    roles.forEach(
        (function, role) -> {
          Map<String, Object> properties = template.function(function);
          assertThat(properties.get("Role")).isEqualTo(Map.of("Fn::GetAtt", List.of(role, "Arn")));
          // A role of SAM's own would carry AWSLambdaBasicExecutionRole (logs on every group).
          assertThat(properties).doesNotContainKeys("Policies", "PermissionsBoundary");
        });
    template
        .ofType("AWS::IAM::Role")
        .forEach(
            (id, role) ->
                assertThat(map(role.get("Properties"), id))
                    .as(id)
                    .doesNotContainKeys("ManagedPolicyArns"));
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** Role → the statements of its inline policies. */
  private SortedMap<String, List<Map<String, Object>>> statements() {
    SortedMap<String, List<Map<String, Object>>> out = new TreeMap<>();
    template
        .ofType("AWS::IAM::Role")
        .forEach(
            (id, role) -> {
              List<Map<String, Object>> statements = new ArrayList<>();
              for (Object policy :
                  (List<?>) map(role.get("Properties"), id).getOrDefault("Policies", List.of())) {
                Map<String, Object> document =
                    map(map(policy, id).get("PolicyDocument"), id + " PolicyDocument");
                for (Object statement : list(document.get("Statement"), id + " Statement")) {
                  statements.add(map(statement, id + " Statement[]"));
                }
              }
              out.put(id, statements);
            });
    return out;
  }

  private TableDefinition definitionOf(String tableId) {
    String physical =
        template.resolve(
            template.properties(tableId).get("TableName"), template.parameters(Map.of()));
    Optional<TableDefinition> table =
        Tables.all().stream()
            .filter(t -> ResourceNames.defaults().table(t).equals(physical))
            .findFirst();
    assertThat(table).as("%s is a table of the shared definition", tableId).isPresent();
    return table.get();
  }
}
