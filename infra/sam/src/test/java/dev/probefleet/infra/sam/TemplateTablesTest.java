package dev.probefleet.infra.sam;

import static dev.probefleet.infra.sam.SamTemplate.list;
import static dev.probefleet.infra.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.probefleet.definitions.AttributeType;
import dev.probefleet.definitions.IndexDefinition;
import dev.probefleet.definitions.KeyAttribute;
import dev.probefleet.definitions.KeySchema;
import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.TableDefinition;
import dev.probefleet.definitions.Tables;
import dev.probefleet.definitions.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drift guard between the template and {@code shared/definitions}: every table the code
 * addresses is in the template with exactly the keys, indexes, projections and TTL the adapters and
 * the emulator bootstrap use, under the physical name {@link ResourceNames} gives it — and the
 * template has nothing the definition lacks.
 */
class TemplateTablesTest {
  private final SamTemplate template = SamTemplate.load();
  private final Map<String, String> defaults = template.parameters(Map.of());

  static List<TableDefinition> tables() {
    return Tables.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void theTableHasTheKeyOfTheSharedDefinition(TableDefinition table) {
    Map<String, Object> properties = template.properties(tableId(table));

    assertThat(keySchema(properties.get("KeySchema"))).isEqualTo(keySchema(table.key()));
    assertThat(attributeDefinitions(properties))
        .as("AttributeDefinitions: exactly the attributes of the table's and its indexes' keys")
        .isEqualTo(attributeDefinitions(table));
    assertThat(properties.get("BillingMode"))
        .as("on demand, as TableDefinition says")
        .isEqualTo("PAY_PER_REQUEST");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void theTableHasTheIndexesOfTheSharedDefinitionEachProjectingEverything(TableDefinition table) {
    Map<String, Object> properties = template.properties(tableId(table));
    Map<String, List<String>> inTemplate = new TreeMap<>();
    for (Object index : (List<?>) properties.getOrDefault("GlobalSecondaryIndexes", List.of())) {
      Map<String, Object> gsi = map(index, "GlobalSecondaryIndexes[]");
      assertThat(gsi.get("Projection"))
          .as("index %s projects every attribute (IndexDefinition)", gsi.get("IndexName"))
          .isEqualTo(Map.of("ProjectionType", "ALL"));
      inTemplate.put((String) gsi.get("IndexName"), keySchema(gsi.get("KeySchema")));
    }
    Map<String, List<String>> defined = new TreeMap<>();
    for (IndexDefinition index : table.globalIndexes()) {
      defined.put(index.name(), keySchema(index.key()));
    }
    assertThat(inTemplate).isEqualTo(defined);
    assertThat(properties).doesNotContainKey("LocalSecondaryIndexes");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void theTableExpiresItemsByTheAttributeOfTheSharedDefinition(TableDefinition table) {
    Object ttl = template.properties(tableId(table)).get("TimeToLiveSpecification");
    if (table.ttlAttribute().isPresent()) {
      assertThat(ttl)
          .isEqualTo(Map.of("AttributeName", table.ttlAttribute().get(), "Enabled", true));
    } else {
      assertThat(ttl).as("no TTL on %s", table.logicalName()).isNull();
    }
  }

  @Test
  void theTemplateHasNoTableTheSharedDefinitionLacks() {
    List<String> inTemplate = new ArrayList<>();
    template
        .ofType("AWS::DynamoDB::Table")
        .keySet()
        .forEach(
            id ->
                inTemplate.add(
                    template.resolve(template.properties(id).get("TableName"), defaults)));
    assertThat(inTemplate)
        .containsExactlyInAnyOrderElementsOf(
            Tables.all().stream().map(t -> ResourceNames.defaults().table(t)).toList());
  }

  @Test
  void theIncidentHistoryHasPointInTimeRecoveryDeletionProtectionAndOutlivesTheStack() {
    String id = tableId(Tables.INCIDENTS);
    Map<String, Object> properties = template.properties(id);

    assertThat(properties.get("PointInTimeRecoverySpecification"))
        .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
    assertThat(properties.get("DeletionProtectionEnabled")).isEqualTo(true);
    assertThat(template.resource(id))
        .containsEntry("DeletionPolicy", "Retain")
        .containsEntry("UpdateReplacePolicy", "Retain");
  }

  @Test
  void everyTopicOfTheSharedDefinitionIsInTheTemplateAndNoOtherButTheOperationsTopics() {
    List<String> inTemplate =
        template.ofType("AWS::SNS::Topic").keySet().stream()
            .map(id -> template.resolve(template.properties(id).get("TopicName"), defaults))
            .toList();
    // The operations topics are the alarms' (TemplateOperationsTest), which no code publishes to.
    List<String> expected =
        new java.util.ArrayList<>(
            Topics.all().stream().map(t -> ResourceNames.defaults().topic(t)).toList());
    expected.add(ResourceNames.DEFAULT_PREFIX + "-operations");
    expected.add(ResourceNames.DEFAULT_PREFIX + "-probe-operations");
    assertThat(inTemplate).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theDefaultPrefixIsTheCodesAndEveryPrefixTheTemplateAdmitsIsOneTheCodeAccepts() {
    Map<String, Object> prefix = template.parameter("Prefix");
    assertThat(prefix.get("Default")).isEqualTo(ResourceNames.DEFAULT_PREFIX);

    String pattern = (String) prefix.get("AllowedPattern");
    String longest = "p" + "x".repeat(200);
    while (!longest.matches(pattern)) {
      longest = longest.substring(0, longest.length() - 1);
    }
    for (String admitted : List.of("a", "probefleet-staging", "A_1", longest)) {
      assertThat(admitted).matches(pattern);
      assertThatCode(() -> new ResourceNames(admitted)).doesNotThrowAnyException();
    }
    for (String refused : List.of("", "-x", "a.b", "a b", longest + "x")) {
      assertThat(refused.matches(pattern)).as("'%s' refused", refused).isFalse();
    }
    // The longest prefix still names every function within Lambda's 64 characters.
    String longestPrefix = longest;
    template
        .ofType("AWS::Serverless::Function")
        .keySet()
        .forEach(
            id ->
                assertThat(
                        template.resolve(
                            template.properties(id).get("FunctionName"),
                            template.parameters(Map.of("Prefix", longestPrefix))))
                    .hasSizeLessThanOrEqualTo(64));
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** The logical id of the table whose physical name is the definition's. */
  private String tableId(TableDefinition table) {
    String physical = ResourceNames.defaults().table(table);
    List<String> ids =
        template.ofType("AWS::DynamoDB::Table").keySet().stream()
            .filter(
                id ->
                    physical.equals(
                        template.resolve(template.properties(id).get("TableName"), defaults)))
            .toList();
    assertThat(ids).as("tables named %s in the template", physical).hasSize(1);
    return ids.get(0);
  }

  private static List<String> keySchema(Object templateKeySchema) {
    return list(templateKeySchema, "KeySchema").stream()
        .map(e -> map(e, "KeySchema[]"))
        .map(e -> e.get("AttributeName") + " " + e.get("KeyType"))
        .toList();
  }

  private static List<String> keySchema(KeySchema key) {
    List<String> out = new ArrayList<>();
    out.add(key.partitionKey().name() + " HASH");
    key.sortKey().ifPresent(k -> out.add(k.name() + " RANGE"));
    return out;
  }

  private static Map<String, String> attributeDefinitions(Map<String, Object> properties) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object definition : list(properties.get("AttributeDefinitions"), "AttributeDefinitions")) {
      Map<String, Object> d = map(definition, "AttributeDefinitions[]");
      String previous = out.put((String) d.get("AttributeName"), (String) d.get("AttributeType"));
      assertThat(previous).as("%s defined twice", d.get("AttributeName")).isNull();
    }
    return new TreeMap<>(out);
  }

  private static Map<String, String> attributeDefinitions(TableDefinition table) {
    return table.keyAttributes().stream()
        .collect(
            Collectors.toMap(
                KeyAttribute::name, a -> dynamoType(a.type()), (a, b) -> a, TreeMap::new));
  }

  private static String dynamoType(AttributeType type) {
    return switch (type) {
      case STRING -> "S";
      case NUMBER -> "N";
      case BINARY -> "B";
    };
  }
}
