package dev.probefleet.infra;

import static dev.probefleet.infra.Fleets.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * Every IAM statement of every stack, listed per role (per function), with the checks least
 * privilege means here: each function exactly the actions its code calls, on the exact tables,
 * indexes and topic, and no DynamoDB action the stores' client does not offer. The general rule —
 * no wildcard action, no data action on every resource, in any policy of any stack — is the
 * security gate, {@code infra/sam}'s {@code AccessGateTest}, which checks these stacks and the SAM
 * template alike.
 */
class IamStatementsTest {

  /** A statement as deployed, its resources rendered readably. */
  record Statement(
      String stack,
      String owner,
      String sid,
      String effect,
      Set<String> actions,
      List<String> resources,
      String condition) {
    @Override
    public String toString() {
      return String.format(
          "  %-6s %-22s %s%n           on %s%n%s",
          effect,
          sid,
          actions,
          String.join(",\n              ", resources),
          condition.isEmpty() ? "" : "           if " + condition + "\n");
    }
  }

  private static final List<Statement> STATEMENTS = new ArrayList<>();

  @BeforeAll
  static void collect() throws IOException {
    ProbefleetApp.Fleet fleet =
        Fleets.build(Map.of("alertQueue", "true", "alertHttpsUrl", "https://hooks.example.com/x"));
    for (Stack stack : Fleets.stacks(fleet)) {
      JsonNode template = Fleets.template(stack);
      Map<String, String> roleOwners = roleOwners(template);
      for (Map.Entry<String, JsonNode> policy :
          resources(template, "AWS::IAM::Policy").entrySet()) {
        JsonNode p = policy.getValue().path("Properties");
        for (JsonNode role : p.path("Roles")) {
          String owner =
              roleOwners.getOrDefault(role.path("Ref").asText(), role.path("Ref").asText());
          add(stack, owner, p.path("PolicyDocument"));
        }
      }
      for (Map.Entry<String, JsonNode> role : resources(template, "AWS::IAM::Role").entrySet()) {
        for (JsonNode inline : role.getValue().path("Properties").path("Policies")) {
          add(
              stack,
              roleOwners.getOrDefault(role.getKey(), role.getKey()),
              inline.path("PolicyDocument"));
        }
        assertThat(role.getValue().path("Properties").has("ManagedPolicyArns"))
            .as("role %s uses no AWS managed policy", role.getKey())
            .isFalse();
      }
      for (String type : List.of("AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy")) {
        for (Map.Entry<String, JsonNode> policy : resources(template, type).entrySet()) {
          add(
              stack,
              "resource policy " + policy.getKey(),
              policy.getValue().path("Properties").path("PolicyDocument"));
        }
      }
    }
    StringBuilder listing = new StringBuilder();
    Map<String, List<Statement>> byOwner = new LinkedHashMap<>();
    STATEMENTS.forEach(
        s -> byOwner.computeIfAbsent(s.stack() + " / " + s.owner(), k -> new ArrayList<>()).add(s));
    byOwner.forEach(
        (owner, statements) -> {
          listing.append(owner).append('\n');
          statements.forEach(listing::append);
        });
    System.out.println("IAM statements of every stack:\n" + listing);
    Path out = Path.of("target", "iam-statements.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, listing.toString());
  }

  @Test
  void eachFunctionMayDoExactlyWhatItsCodeCalls() {
    assertThat(actions("probefleet-probe-eu-west-1", "function probefleet-probe"))
        .isEqualTo(
            Map.of(
                "WriteOwnLogs", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "WriteRounds", Set.of("dynamodb:PutItem"),
                "ReadTargetsRegistry", Set.of("dynamodb:Scan"),
                "ReadSecretParameters", Set.of("ssm:GetParameter"),
                "ReadSecrets", Set.of("secretsmanager:GetSecretValue")));
    assertThat(actions("probefleet-home", "function probefleet-analyzer"))
        .isEqualTo(
            Map.of(
                "WriteOwnLogs", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "ReadRounds", Set.of("dynamodb:Query"),
                "ReadTargetsRegistry", Set.of("dynamodb:Scan"),
                "ReadWriteIncidents",
                    Set.of(
                        "dynamodb:Query",
                        "dynamodb:BatchGetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem"),
                "ReadOutbox", Set.of("dynamodb:Query"),
                "PublishAlerts", Set.of("sns:Publish")));
    assertThat(actions("probefleet-home", "function probefleet-api"))
        .isEqualTo(
            Map.of(
                "WriteOwnLogs", Set.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "ReadRounds", Set.of("dynamodb:Query"),
                "ReadTargetsRegistry", Set.of("dynamodb:Scan"),
                "ReadIncidents", Set.of("dynamodb:Query", "dynamodb:BatchGetItem"),
                "QueryIncidentIndexes", Set.of("dynamodb:Query")));
  }

  @Test
  void dataStatementsNameTheHomeRegionsExactTablesIndexesAndTopic() {
    String account = "<AWS::AccountId>";
    Map<String, List<String>> probe =
        resourcesBySid("probefleet-probe-eu-west-1", "function probefleet-probe");
    assertThat(probe.get("WriteRounds"))
        .containsExactly(
            "arn:<AWS::Partition>:dynamodb:us-east-1:" + account + ":table/probefleet-rounds");
    assertThat(probe.get("ReadTargetsRegistry"))
        .containsExactly(
            "arn:<AWS::Partition>:dynamodb:us-east-1:" + account + ":table/probefleet-targets");
    assertThat(probe.get("ReadSecretParameters"))
        .containsExactly(
            "arn:<AWS::Partition>:ssm:us-east-1:" + account + ":parameter/probefleet/*");
    Map<String, List<String>> analyzer =
        resourcesBySid("probefleet-home", "function probefleet-analyzer");
    assertThat(analyzer.get("ReadOutbox"))
        .containsExactly(
            "arn:<AWS::Partition>:dynamodb:us-east-1:"
                + account
                + ":table/probefleet-incidents/index/pendingAlerts");
    assertThat(analyzer.get("PublishAlerts"))
        .containsExactly("arn:<AWS::Partition>:sns:us-east-1:" + account + ":probefleet-alerts");
    Map<String, List<String>> api = resourcesBySid("probefleet-home", "function probefleet-api");
    assertThat(api.get("QueryIncidentIndexes"))
        .containsExactlyInAnyOrder(
            "arn:<AWS::Partition>:dynamodb:us-east-1:"
                + account
                + ":table/probefleet-incidents/index/byTarget",
            "arn:<AWS::Partition>:dynamodb:us-east-1:"
                + account
                + ":table/probefleet-incidents/index/byLayer",
            "arn:<AWS::Partition>:dynamodb:us-east-1:"
                + account
                + ":table/probefleet-incidents/index/open");
  }

  @Test
  void everyDynamoDbActionGrantedIsAnOperationTheStoresClientOffers() throws Exception {
    // DeadlineBoundDynamoDb is the stores' view of DynamoDB: every operation they use, no other.
    Set<String> offered = new TreeSet<>();
    for (Method m :
        Class.forName("dev.probefleet.aws.dynamodb.DeadlineBoundDynamoDb").getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && m.getParameterCount() == 1
          && m.getParameterTypes()[0].getSimpleName().endsWith("Request")) {
        offered.add(
            "dynamodb:"
                + m.getName().substring(0, 1).toUpperCase(Locale.ROOT)
                + m.getName().substring(1));
      }
    }
    // A transaction is authorised item by item as PutItem, UpdateItem, DeleteItem,
    // ConditionCheckItem.
    assertThat(offered).contains("dynamodb:TransactWriteItems", "dynamodb:PutItem");
    Set<String> granted = new TreeSet<>();
    STATEMENTS.forEach(
        s -> s.actions().stream().filter(a -> a.startsWith("dynamodb:")).forEach(granted::add));
    assertThat(offered).containsAll(granted);
  }

  private static Map<String, Set<String>> actions(String stack, String owner) {
    Map<String, Set<String>> out = new TreeMap<>();
    STATEMENTS.stream()
        .filter(s -> s.stack().equals(stack) && s.owner().equals(owner))
        .forEach(s -> out.put(s.sid(), s.actions()));
    return out;
  }

  private static Map<String, List<String>> resourcesBySid(String stack, String owner) {
    Map<String, List<String>> out = new TreeMap<>();
    STATEMENTS.stream()
        .filter(s -> s.stack().equals(stack) && s.owner().equals(owner))
        .forEach(s -> out.put(s.sid(), s.resources()));
    return out;
  }

  private static void add(Stack stack, String owner, JsonNode document) {
    for (JsonNode st : document.path("Statement")) {
      Set<String> actions = new TreeSet<>();
      JsonNode a = st.path("Action");
      if (a.isArray()) {
        a.forEach(x -> actions.add(x.asText()));
      } else {
        actions.add(a.asText());
      }
      List<String> resources = new ArrayList<>();
      JsonNode r = st.path("Resource");
      if (r.isArray()) {
        r.forEach(x -> resources.add(render(x)));
      } else {
        resources.add(render(r));
      }
      STATEMENTS.add(
          new Statement(
              stack.getStackName(),
              owner,
              st.path("Sid").asText("(no sid)"),
              st.path("Effect").asText(),
              actions,
              resources,
              st.has("Condition") ? renderCondition(st.path("Condition")) : ""));
    }
  }

  /** Role logical id → "function <name>" or "schedules"/"role <id>" for the listing. */
  private static Map<String, String> roleOwners(JsonNode template) {
    Map<String, String> owners = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> role : resources(template, "AWS::IAM::Role").entrySet()) {
      String principal =
          role.getValue().path("Properties").path("AssumeRolePolicyDocument").toString();
      owners.put(
          role.getKey(),
          principal.contains("scheduler.amazonaws.com")
              ? "scheduler role " + role.getKey()
              : "role " + role.getKey());
    }
    for (JsonNode f : resources(template, "AWS::Lambda::Function").values()) {
      JsonNode p = f.path("Properties");
      String role = p.path("Role").path("Fn::GetAtt").path(0).asText();
      owners.put(role, "function " + p.path("FunctionName").asText());
    }
    return owners;
  }

  private static String renderCondition(JsonNode condition) {
    StringBuilder b = new StringBuilder();
    condition
        .fields()
        .forEachRemaining(
            op ->
                op.getValue()
                    .fields()
                    .forEachRemaining(
                        kv -> {
                          if (!b.isEmpty()) {
                            b.append(" and ");
                          }
                          b.append(op.getKey()).append(' ').append(kv.getKey()).append(' ');
                          b.append(
                              kv.getValue().isValueNode()
                                  ? kv.getValue().asText()
                                  : render(kv.getValue()));
                        }));
    return b.toString();
  }

  /** Renders intrinsic functions: {@code Fn::Join}, {@code Ref}, {@code Fn::GetAtt}. */
  static String render(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.has("Fn::Join")) {
      StringBuilder b = new StringBuilder();
      Iterator<JsonNode> parts = value.path("Fn::Join").path(1).elements();
      String separator = value.path("Fn::Join").path(0).asText();
      while (parts.hasNext()) {
        b.append(render(parts.next()));
        if (parts.hasNext()) {
          b.append(separator);
        }
      }
      return b.toString();
    }
    if (value.has("Ref")) {
      return "<" + value.path("Ref").asText() + ">";
    }
    if (value.has("Fn::GetAtt")) {
      return "<"
          + value.path("Fn::GetAtt").path(0).asText()
          + "."
          + value.path("Fn::GetAtt").path(1).asText()
          + ">";
    }
    return value.toString();
  }
}
