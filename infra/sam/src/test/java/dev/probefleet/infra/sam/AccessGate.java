package dev.probefleet.infra.sam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The security gate over a CloudFormation template, as CDK synthesizes it or as SAM's template
 * (raw, or after the SAM transform) holds it: who may call the API, and what IAM may touch data.
 *
 * <p><b>Access.</b> Every API Gateway route or method — {@code AWS::ApiGatewayV2::Route}, {@code
 * AWS::ApiGateway::Method}, an operation of an OpenAPI {@code Body}/{@code DefinitionBody}, a SAM
 * function's {@code HttpApi}/{@code Api} event — must name an authorizer or IAM; {@code NONE}, or
 * nothing (which API Gateway reads as {@code NONE}), is an unauthenticated entry. So is a Lambda
 * function URL with {@code AuthType: NONE}. {@link #routes} lists each entry with its mechanism.
 *
 * <p><b>Data.</b> Every {@code Allow} statement of every policy — {@code AWS::IAM::Policy}, {@code
 * AWS::IAM::ManagedPolicy}, a role's, user's or group's inline {@code Policies}, resource policies
 * (topic, queue, bucket, key, secret), a SAM function's inline {@code Policies} — may not grant a
 * wildcard action ({@code *}, {@code dynamodb:*}, {@code ssm:Get*}: a {@code *} anywhere in the
 * action), nor grant by exclusion ({@code NotAction}, {@code NotResource}), nor grant a data action
 * (DynamoDB, SNS, SQS, SSM, Secrets Manager, KMS, S3) on {@code Resource: "*"} or on every item of
 * a service ({@code table/*}, {@code secret:*}). An AWS managed policy, or a SAM managed policy
 * name, is refused: its statements are not in the template, so the gate cannot prove them. A SAM
 * policy template ({@code DynamoDBCrudPolicy: {...}}) is expanded only by the SAM transform: here
 * it is reported as {@link Findings#deferred}, and the gate run over the transformed template
 * ({@code SamCliIT}) checks its statements.
 *
 * <p>Each violation names the template, the resource, the statement (its {@code Sid}, or its
 * position) and what is wrong, so a failure says what to fix.
 */
final class AccessGate {
  /** Services whose actions read or write the fleet's data, or the keys and secrets guarding it. */
  static final Set<String> DATA_SERVICES =
      Set.of("dynamodb", "sns", "sqs", "ssm", "secretsmanager", "kms", "s3");

  /** Authorization types that authenticate a caller: IAM (SigV4), JWT, Cognito, a Lambda one. */
  private static final Set<String> AUTHENTICATED =
      Set.of("AWS_IAM", "JWT", "CUSTOM", "COGNITO_USER_POOLS");

  /** The resource part of an ARN that stands for every item of its kind. */
  private static final Pattern EVERY_ITEM = Pattern.compile("(?:[A-Za-z-]+[/:])?\\*");

  private static final List<String> RESOURCE_POLICY_TYPES =
      List.of(
          "AWS::SNS::TopicPolicy",
          "AWS::SQS::QueuePolicy",
          "AWS::S3::BucketPolicy",
          "AWS::SecretsManager::ResourcePolicy");

  private AccessGate() {}

  /**
   * What the gate found.
   *
   * @param routes each API entry → its mechanism ({@code AWS_IAM}, {@code JWT} …)
   * @param unauthenticated each API entry callable without authentication, naming where it is
   * @param wildcardGrants each wildcard or everything-on-data grant, naming its statement
   * @param deferred SAM policy templates, whose statements only the SAM transform expands
   * @param statements how many Allow statements were checked
   */
  record Findings(
      Map<String, String> routes,
      List<String> unauthenticated,
      List<String> wildcardGrants,
      List<String> deferred,
      int statements) {
    /** Both kinds of violation. */
    List<String> violations() {
      List<String> all = new ArrayList<>(unauthenticated);
      all.addAll(wildcardGrants);
      return all;
    }
  }

  /** Runs both halves of the gate over one template; {@code name} prefixes every finding. */
  static Findings check(String name, Map<String, Object> template) {
    Map<String, String> routes = new LinkedHashMap<>();
    List<String> violations = new ArrayList<>();
    List<String> grants = new ArrayList<>();
    List<String> deferred = new ArrayList<>();
    Map<String, Map<String, Object>> resources = resources(template);
    Map<String, Object> globals = map(template.get("Globals"));
    int[] statements = {0};
    resources.forEach(
        (id, resource) -> {
          String type = String.valueOf(resource.get("Type"));
          Map<String, Object> p = map(resource.get("Properties"));
          String where = name + " " + id + " (" + type + ")";
          switch (type) {
            case "AWS::ApiGatewayV2::Route" ->
                route(
                    routes,
                    violations,
                    where + " " + p.get("RouteKey"),
                    p.get("AuthorizationType"));
            case "AWS::ApiGateway::Method" ->
                route(
                    routes,
                    violations,
                    where + " " + p.get("HttpMethod"),
                    p.get("AuthorizationType"));
            case "AWS::ApiGatewayV2::Api", "AWS::ApiGateway::RestApi" ->
                openApi(routes, violations, where, p.get("Body"));
            case "AWS::Serverless::HttpApi", "AWS::Serverless::Api" ->
                openApi(routes, violations, where, p.get("DefinitionBody"));
            case "AWS::Lambda::Url" -> functionUrl(violations, where, p.get("AuthType"));
            case "AWS::Serverless::Function" -> {
              Map<String, Object> merged = new LinkedHashMap<>(map(globals.get("Function")));
              merged.putAll(p);
              serverlessEvents(routes, violations, where, merged, resources, globals);
              if (merged.containsKey("FunctionUrlConfig")) {
                functionUrl(
                    violations,
                    where + " FunctionUrlConfig",
                    map(merged.get("FunctionUrlConfig")).get("AuthType"));
              }
              samPolicies(grants, deferred, statements, where, merged.get("Policies"));
            }
            case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" ->
                statements[0] += document(grants, where, p.get("PolicyDocument"));
            case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" -> {
              for (Object policy : list(p.get("Policies"))) {
                Map<String, Object> inline = map(policy);
                statements[0] +=
                    document(
                        grants,
                        where + " policy " + inline.get("PolicyName"),
                        inline.get("PolicyDocument"));
              }
              for (Object arn : list(p.get("ManagedPolicyArns"))) {
                if (!(arn instanceof Map<?, ?> ref && ref.containsKey("Ref"))) {
                  grants.add(
                      where
                          + ": managed policy "
                          + render(arn)
                          + " — its statements are not in the template; grant through an inline"
                          + " policy the gate can read");
                }
              }
            }
            case "AWS::KMS::Key" -> statements[0] += document(grants, where, p.get("KeyPolicy"));
            default -> {
              if (RESOURCE_POLICY_TYPES.contains(type)) {
                statements[0] +=
                    document(
                        grants,
                        where,
                        p.containsKey("PolicyDocument")
                            ? p.get("PolicyDocument")
                            : p.get("ResourcePolicy"));
              }
            }
          }
        });
    return new Findings(routes, violations, grants, deferred, statements[0]);
  }

  // --- access --------------------------------------------------------------------------------

  private static void route(
      Map<String, String> routes, List<String> violations, String where, Object authorization) {
    String type = authorization == null ? "NONE (not set)" : render(authorization);
    routes.put(where, type);
    if (!AUTHENTICATED.contains(type)) {
      violations.add(where + ": AuthorizationType " + type + " — callable without authentication");
    }
  }

  /**
   * Each operation of an OpenAPI document must carry a security requirement (its own or global).
   */
  private static void openApi(
      Map<String, String> routes, List<String> violations, String where, Object body) {
    if (!(body instanceof Map<?, ?>)) {
      return;
    }
    Map<String, Object> document = map(body);
    Object global = document.get("security");
    map(document.get("paths"))
        .forEach(
            (path, operations) ->
                map(operations)
                    .forEach(
                        (method, operation) -> {
                          if (!(operation instanceof Map<?, ?>)) {
                            return; // parameters, summary …
                          }
                          Object security = map(operation).getOrDefault("security", global);
                          List<String> schemes = new ArrayList<>();
                          for (Object requirement : list(security)) {
                            schemes.addAll(map(requirement).keySet());
                          }
                          String entry = where + " " + method.toUpperCase(Locale.ROOT) + " " + path;
                          if (schemes.isEmpty() || schemes.contains("NONE")) {
                            routes.put(entry, "NONE");
                            violations.add(
                                entry
                                    + ": no security requirement — callable without"
                                    + " authentication");
                          } else {
                            routes.put(entry, String.join(",", schemes));
                          }
                        }));
  }

  /**
   * A SAM function's API events: the event's own {@code Auth.Authorizer}, else its API's {@code
   * Auth.DefaultAuthorizer}, else (an implicit API, or none set) nothing — which is {@code NONE}.
   */
  private static void serverlessEvents(
      Map<String, String> routes,
      List<String> violations,
      String where,
      Map<String, Object> function,
      Map<String, Map<String, Object>> resources,
      Map<String, Object> globals) {
    map(function.get("Events"))
        .forEach(
            (event, value) -> {
              Map<String, Object> e = map(value);
              String type = String.valueOf(e.get("Type"));
              if (!type.equals("HttpApi") && !type.equals("Api")) {
                return;
              }
              Map<String, Object> p = map(e.get("Properties"));
              Object apiRef = p.get(type.equals("HttpApi") ? "ApiId" : "RestApiId");
              Map<String, Object> apiAuth =
                  map(globals.get(type)).isEmpty()
                      ? Map.of()
                      : map(map(globals.get(type)).get("Auth"));
              String api = "the implicit API";
              if (apiRef instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id) {
                api = id;
                apiAuth =
                    map(map(resources.getOrDefault(id, Map.of()).get("Properties")).get("Auth"));
              }
              Object authorizer = map(p.get("Auth")).get("Authorizer");
              if (authorizer == null) {
                authorizer = apiAuth.get("DefaultAuthorizer");
              }
              String mechanism = authorizer == null ? "NONE (not set)" : render(authorizer);
              if (mechanism.equals("AWS_IAM")
                  && type.equals("HttpApi")
                  && !Boolean.TRUE.equals(apiAuth.get("EnableIamAuthorizer"))) {
                mechanism = "AWS_IAM without EnableIamAuthorizer on " + api;
              }
              String entry =
                  where + " event " + event + " " + p.get("Method") + " " + p.get("Path");
              routes.put(entry, mechanism);
              boolean authenticated =
                  mechanism.equals("AWS_IAM")
                      || (!mechanism.startsWith("NONE") && !mechanism.startsWith("AWS_IAM "));
              if (!authenticated) {
                violations.add(
                    entry
                        + " on "
                        + api
                        + ": authorizer "
                        + mechanism
                        + " — callable without authentication");
              }
            });
  }

  private static void functionUrl(List<String> violations, String where, Object authType) {
    String type = authType == null ? "NONE (not set)" : render(authType);
    if (!type.equals("AWS_IAM")) {
      violations.add(
          where + ": function URL AuthType " + type + " — callable without authentication");
    }
  }

  // --- data ----------------------------------------------------------------------------------

  private static void samPolicies(
      List<String> violations,
      List<String> deferred,
      int[] statements,
      String where,
      Object policies) {
    List<?> entries =
        policies instanceof List<?> l ? l : policies == null ? List.of() : List.of(policies);
    for (Object entry : entries) {
      if (entry instanceof String managed) {
        violations.add(
            where
                + ": managed policy "
                + managed
                + " — its statements are not in the template; grant through an inline policy the"
                + " gate can read");
      } else if (entry instanceof Map<?, ?> m && m.containsKey("Statement")) {
        statements[0] += document(violations, where + " Policies", entry);
      } else if (entry instanceof Map<?, ?> m) {
        m.keySet().forEach(k -> deferred.add(where + ": SAM policy template " + k));
      } else {
        violations.add(where + ": a Policies entry the gate cannot read: " + render(entry));
      }
    }
  }

  /** Checks every Allow statement of a policy document; returns how many it checked. */
  private static int document(List<String> violations, String where, Object document) {
    int checked = 0;
    List<?> statements = list(map(document).get("Statement"));
    for (int i = 0; i < statements.size(); i++) {
      Map<String, Object> s = map(statements.get(i));
      if (!"Allow".equals(s.get("Effect"))) {
        continue; // a Deny narrows what others grant
      }
      checked++;
      String statement =
          where + " statement " + (s.containsKey("Sid") ? s.get("Sid") : "#" + (i + 1));
      if (s.containsKey("NotAction")) {
        violations.add(
            statement
                + ": Allow with NotAction "
                + render(s.get("NotAction"))
                + " — grants every other action");
      }
      if (s.containsKey("NotResource")) {
        violations.add(
            statement
                + ": Allow with NotResource "
                + render(s.get("NotResource"))
                + " — grants every other resource");
      }
      List<String> actions = alternatives(s.get("Action"));
      List<String> resources = alternatives(s.get("Resource"));
      for (String action : actions) {
        if (action.contains("*")) {
          violations.add(statement + ": wildcard action " + action + " on " + resources);
        }
      }
      List<String> data =
          actions.stream()
              .filter(a -> a.equals("*") || DATA_SERVICES.contains(service(a)))
              .toList();
      if (!data.isEmpty()) {
        for (String resource : resources) {
          if (everything(resource)) {
            violations.add(
                statement
                    + ": data actions "
                    + data
                    + " on Resource "
                    + resource
                    + " — every item of the service, not the fleet's own");
          }
        }
      }
    }
    return checked;
  }

  private static String service(String action) {
    int colon = action.indexOf(':');
    return colon < 0 ? action : action.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** {@code *}, or an ARN whose resource part is {@code *} or {@code kind/*} / {@code kind:*}. */
  static boolean everything(String resource) {
    if (resource.equals("*")) {
      return true;
    }
    // ${AWS::Region} and <AWS::AccountId> hold colons of their own: one segment each.
    String arn = resource.replaceAll("\\$\\{[^}]*}", "x").replaceAll("<[^>]*>", "x");
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn")) {
      return false;
    }
    // An S3 ARN has no resource kind: bucket/* is one bucket's objects; only * is every bucket.
    return parts[2].equals("s3") ? parts[5].equals("*") : EVERY_ITEM.matcher(parts[5]).matches();
  }

  // --- reading the template ------------------------------------------------------------------

  private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    map(template.get("Resources")).forEach((id, r) -> out.put(id, map(r)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
  }

  /**
   * Every value an Action or Resource can take: a list's items, and both branches of each {@code
   * Fn::If} (a {@code *} a condition could select is a {@code *} the stack can deploy).
   */
  static List<String> alternatives(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> l) {
      l.forEach(item -> out.addAll(alternatives(item)));
    } else if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::If")) {
      List<?> branches = list(m.get("Fn::If"));
      for (Object branch : branches.subList(1, branches.size())) {
        if (!Map.of("Ref", "AWS::NoValue").equals(branch)) {
          out.addAll(alternatives(branch));
        }
      }
    } else if (value != null) {
      out.add(render(value));
    }
    return out;
  }

  /**
   * An expression as text: a string as it is, {@code Fn::Join} and {@code Fn::Sub} with their
   * variables filled in, {@code Ref}/{@code Fn::GetAtt} as {@code <X>}, the branches of {@code
   * Fn::If} side by side.
   */
  static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map<?, ?> m && m.size() == 1) {
      Map.Entry<?, ?> e = m.entrySet().iterator().next();
      Object arg = e.getValue();
      switch (String.valueOf(e.getKey())) {
        case "Ref" -> {
          return "<" + arg + ">";
        }
        case "Fn::GetAtt" -> {
          return "<"
              + (arg instanceof List<?> l
                  ? String.join(".", l.stream().map(String::valueOf).toList())
                  : arg)
              + ">";
        }
        case "Fn::Join" -> {
          List<?> l = list(arg);
          List<String> parts = new ArrayList<>();
          for (Object part : list(l.get(1))) {
            parts.add(render(part));
          }
          return String.join(String.valueOf(l.get(0)), parts);
        }
        case "Fn::Sub" -> {
          if (arg instanceof List<?> l) {
            String text = String.valueOf(l.get(0));
            for (Map.Entry<String, Object> v : map(l.get(1)).entrySet()) {
              text = text.replace("${" + v.getKey() + "}", render(v.getValue()));
            }
            return text;
          }
          return String.valueOf(arg);
        }
        case "Fn::If" -> {
          List<?> l = list(arg);
          return render(l.get(1)) + " | " + render(l.get(2));
        }
        default -> {
          return String.valueOf(value);
        }
      }
    }
    return String.valueOf(value);
  }
}
