package dev.probefleet.infra.sam;

import static dev.probefleet.infra.sam.SamTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every function of the template must have: the java21 runtime, SnapStart on the versions the
 * alias publishes (the only code a schedule or the API invokes), a log group of its own with a
 * retention, the package and handler of its module, and one configuration of the fleet.
 */
class TemplateFunctionsTest {
  private final SamTemplate template = SamTemplate.load();
  private final Map<String, String> defaults = template.parameters(Map.of());

  @ParameterizedTest
  @ValueSource(strings = {"ProbeFunction", "AnalyzerFunction", "ApiFunction"})
  void theFunctionRunsJava21WithSnapStartOnThePublishedAlias(String id) {
    Map<String, Object> function = template.function(id);

    assertThat(function.get("Runtime")).isEqualTo("java21");
    assertThat(function.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    assertThat(function.get("AutoPublishAlias")).isEqualTo("live");
  }

  @Test
  void theProbeFunctionRunsOnX86WhereItsNativeCryptoLoadsAndTheOthersOnArm64() {
    assertThat(architectures("ProbeFunction", defaults)).containsExactly("x86_64");
    assertThat(architectures("AnalyzerFunction", defaults)).containsExactly("arm64");
    assertThat(architectures("ApiFunction", defaults)).containsExactly("arm64");
    assertThat(template.allowedValues("ProbeArchitecture")).containsExactly("x86_64", "arm64");
    assertThat(template.allowedValues("Architecture")).containsExactly("arm64", "x86_64");

    Map<String, String> allArm = template.parameters(Map.of("ProbeArchitecture", "arm64"));
    assertThat(architectures("ProbeFunction", allArm)).containsExactly("arm64");
    Map<String, String> allX86 = template.parameters(Map.of("Architecture", "x86_64"));
    assertThat(architectures("ApiFunction", allX86)).containsExactly("x86_64");
  }

  /**
   * A function's architectures as deployed: Lambda takes exactly one, and SAM adds a list in
   * Globals to the function's own.
   */
  private List<String> architectures(String id, Map<String, String> parameters) {
    return ((List<?>) template.function(id).get("Architectures"))
        .stream().map(a -> template.resolve(a, parameters)).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer", "api"})
  void theFunctionIsItsModulesPackageAndHandlerUnderItsOwnName(String name) {
    String id = functionId(name);
    Map<String, Object> function = template.function(id);

    assertThat(function.get("CodeUri"))
        .isEqualTo("../../functions/" + name + "/target/probefleet-" + name + "-function.zip");
    assertThat((String) function.get("Handler"))
        .matches("dev\\.probefleet\\.[\\w.]+::handleRequest");
    assertThat(template.resolve(function.get("FunctionName"), defaults))
        .isEqualTo("probefleet-" + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "analyzer", "api"})
  void theFunctionLogsToALogGroupOfItsOwnWithARetention(String name) {
    Map<String, Object> function = template.function(functionId(name));
    Object logGroup = map(function.get("LoggingConfig"), "LoggingConfig").get("LogGroup");
    String logGroupId = (String) map(logGroup, "LoggingConfig.LogGroup").get("Ref");

    assertThat(template.type(logGroupId)).isEqualTo("AWS::Logs::LogGroup");
    assertThat(template.resolve(template.properties(logGroupId).get("LogGroupName"), defaults))
        .isEqualTo("/aws/lambda/probefleet-" + name);
  }

  @Test
  void everyLogGroupHasTheRetentionOfTheParameter() {
    assertThat(template.ofType("AWS::Logs::LogGroup")).hasSize(4);
    template
        .ofType("AWS::Logs::LogGroup")
        .keySet()
        .forEach(
            id ->
                assertThat(template.properties(id).get("RetentionInDays"))
                    .as(id)
                    .isEqualTo(Map.of("Ref", "LogRetentionDays")));
    assertThat(template.parameter("LogRetentionDays").get("Default")).isEqualTo(30);
    // The API's access log goes to one of them.
    Map<String, Object> accessLog =
        map(template.properties("QueryApi").get("AccessLogSettings"), "AccessLogSettings");
    assertThat(accessLog.get("DestinationArn"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of("ApiAccessLogGroup", "Arn")));
  }

  @Test
  void everyFunctionHasTheFleetsOneConfiguration() {
    Map<String, Map<String, String>> environments = new TreeMap<>();
    for (String name : List.of("probe", "analyzer", "api")) {
      environments.put(name, environment(functionId(name), defaults));
    }
    environments.forEach(
        (name, env) -> {
          assertThat(env)
              .as(name)
              .containsEntry("PROBEFLEET_STORE_TABLE_PREFIX", "probefleet")
              .containsEntry(
                  "PROBEFLEET_HOME_REGION", SamTemplate.PSEUDO_PARAMETERS.get("AWS::Region"))
              .containsEntry("PROBEFLEET_INTERVAL", "1m");
          env.keySet().forEach(v -> assertThat(v).as(name).startsWith("PROBEFLEET_"));
        });
    assertThat(environments.get("probe")).containsEntry("PROBEFLEET_SHARDS", "1");
    assertThat(environments.get("analyzer"))
        .containsEntry("PROBEFLEET_ALERTS_TOPIC_ARN", "ref:AlertTopic")
        .containsEntry(
            "PROBEFLEET_ANALYZER_EXPECTED_REGIONS",
            SamTemplate.PSEUDO_PARAMETERS.get("AWS::Region"));
  }

  @Test
  void theApiSignsTokensWithTheSecretKeyWhenOneIsGivenAndOnlyThen() {
    assertThat(environment("ApiFunction", defaults)).doesNotContainKey("PROBEFLEET_API_TOKEN_KEY");
    assertThat(
            environment(
                "ApiFunction",
                template.parameters(Map.of("ApiTokenKeySecret", "probefleet/api-token"))))
        .containsEntry(
            "PROBEFLEET_API_TOKEN_KEY",
            "{{resolve:secretsmanager:probefleet/api-token:SecretString}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "2", "5", "30"})
  void theSchedulesFireAtTheStartOfEveryPeriodTheFunctionsAreConfiguredWith(String minutes) {
    Map<String, String> parameters = template.parameters(Map.of("IntervalMinutes", minutes));
    for (String name : List.of("probe", "analyzer", "api")) {
      assertThat(environment(functionId(name), parameters))
          .containsEntry("PROBEFLEET_INTERVAL", minutes + "m");
    }
    template
        .ofType("AWS::Scheduler::Schedule")
        .keySet()
        .forEach(
            id ->
                assertThat(
                        template.resolve(
                            template.properties(id).get("ScheduleExpression"), parameters))
                    .as(id)
                    .isEqualTo("cron(0/" + minutes + " * * * ? *)"));
    // Slots align with the hour only when the period divides it.
    template
        .allowedValues("IntervalMinutes")
        .forEach(m -> assertThat(60 % Integer.parseInt(m)).as("60 %% %s", m).isZero());
  }

  private Map<String, String> environment(String id, Map<String, String> parameters) {
    return template.environment(id, parameters);
  }

  static String functionId(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Function";
  }
}
