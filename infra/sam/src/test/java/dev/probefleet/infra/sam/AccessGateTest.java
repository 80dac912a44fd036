package dev.probefleet.infra.sam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.infra.FunctionPackage;
import dev.probefleet.infra.ProbefleetApp;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The security gate ({@link AccessGate}) over both deployments: {@code infra/sam/template.yaml} as
 * written, and every stack of the CDK app synthesized in-process with every optional resource (two
 * probe regions, e-mail, HTTPS and queue alert subscriptions, two shards). The deployed API refuses
 * unauthenticated calls — every route requires IAM (SigV4) — and no policy grants a wildcard action
 * or a data action on every resource. The hostile templates below show the gate failing, naming the
 * offending route or statement, for each way a template can get this wrong.
 */
class AccessGateTest {
  @TempDir static Path functions;

  @Test
  void everyRouteOfTheSamTemplateRequiresIam() {
    AccessGate.Findings f = sam();

    assertThat(f.unauthenticated()).as("routes callable without authentication").isEmpty();
    assertThat(f.routes()).hasSize(4);
    assertThat(f.routes().values()).as("the mechanism of every route").containsOnly("AWS_IAM");
  }

  @Test
  void noPolicyOfTheSamTemplateGrantsAWildcardOnData() {
    AccessGate.Findings f = sam();

    assertThat(f.wildcardGrants()).as("wildcard or everything-on-data grants").isEmpty();
    assertThat(f.deferred()).as("SAM policy templates (expanded only by the transform)").isEmpty();
    assertThat(f.statements()).as("Allow statements checked").isGreaterThanOrEqualTo(15);
  }

  @Test
  void everyRouteOfEveryCdkStackRequiresIam() throws IOException {
    Map<String, String> routes = new LinkedHashMap<>();
    List<String> unauthenticated = new ArrayList<>();
    cdk()
        .values()
        .forEach(
            f -> {
              routes.putAll(f.routes());
              unauthenticated.addAll(f.unauthenticated());
            });

    assertThat(unauthenticated).as("routes callable without authentication").isEmpty();
    // One catch-all route ($default) of the HTTP API sends every path to the API function.
    assertThat(routes).hasSize(1);
    assertThat(routes.keySet().iterator().next())
        .startsWith("probefleet-home ")
        .endsWith(" $default");
    assertThat(routes.values()).as("the mechanism of every route").containsOnly("AWS_IAM");
  }

  @Test
  void noPolicyOfAnyCdkStackGrantsAWildcardOnData() throws IOException {
    Map<String, AccessGate.Findings> stacks = cdk();
    List<String> grants = new ArrayList<>();
    int statements = 0;
    for (AccessGate.Findings f : stacks.values()) {
      grants.addAll(f.wildcardGrants());
      statements += f.statements();
    }

    assertThat(stacks).hasSize(3);
    assertThat(grants).as("wildcard or everything-on-data grants").isEmpty();
    assertThat(statements).as("Allow statements checked").isGreaterThanOrEqualTo(20);
  }

  @Test
  void anUnauthenticatedEntryIsNamedWithWhereItIs(@TempDir Path dir) throws IOException {
    AccessGate.Findings f =
        AccessGate.check(
            "hostile.yaml",
            load(
                dir,
                """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  OpenRoute:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: x, RouteKey: GET /v1/incidents, AuthorizationType: NONE}
                  UnsetRoute:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: x, RouteKey: GET /v1/targets}
                  JwtRoute:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: x, RouteKey: GET /v1/rounds, AuthorizationType: JWT, AuthorizerId: a}
                  RestMethod:
                    Type: AWS::ApiGateway::Method
                    Properties: {HttpMethod: GET, AuthorizationType: NONE, RestApiId: r, ResourceId: s}
                  Url:
                    Type: AWS::Lambda::Url
                    Properties: {AuthType: NONE, TargetFunctionArn: f}
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      Auth: {EnableIamAuthorizer: true, DefaultAuthorizer: AWS_IAM}
                  Body:
                    Type: AWS::ApiGatewayV2::Api
                    Properties:
                      Body:
                        paths:
                          /v1/open: {get: {responses: {}}}
                          /v1/signed: {get: {security: [{AWS_IAM: []}]}}
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      FunctionUrlConfig: {AuthType: NONE}
                      Events:
                        Signed: {Type: HttpApi, Properties: {ApiId: !Ref Api, Method: GET, Path: /a}}
                        OptedOut: {Type: HttpApi, Properties: {ApiId: !Ref Api, Method: GET, Path: /b, Auth: {Authorizer: NONE}}}
                        Implicit: {Type: HttpApi, Properties: {Method: GET, Path: /c}}
                        Schedule: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 minute)}}
                """));

    assertThat(f.wildcardGrants()).isEmpty();
    assertThat(f.unauthenticated())
        .containsExactlyInAnyOrder(
            "hostile.yaml OpenRoute (AWS::ApiGatewayV2::Route) GET /v1/incidents: AuthorizationType"
                + " NONE — callable without authentication",
            "hostile.yaml UnsetRoute (AWS::ApiGatewayV2::Route) GET /v1/targets: AuthorizationType"
                + " NONE (not set) — callable without authentication",
            "hostile.yaml RestMethod (AWS::ApiGateway::Method) GET: AuthorizationType NONE —"
                + " callable without authentication",
            "hostile.yaml Url (AWS::Lambda::Url): function URL AuthType NONE — callable without"
                + " authentication",
            "hostile.yaml Body (AWS::ApiGatewayV2::Api) GET /v1/open: no security requirement —"
                + " callable without authentication",
            "hostile.yaml Fn (AWS::Serverless::Function) FunctionUrlConfig: function URL AuthType"
                + " NONE — callable without authentication",
            "hostile.yaml Fn (AWS::Serverless::Function) event OptedOut GET /b on Api: authorizer"
                + " NONE — callable without authentication",
            "hostile.yaml Fn (AWS::Serverless::Function) event Implicit GET /c on the implicit"
                + " API: authorizer NONE (not set) — callable without authentication");
    assertThat(f.routes())
        .containsEntry("hostile.yaml JwtRoute (AWS::ApiGatewayV2::Route) GET /v1/rounds", "JWT")
        .containsEntry("hostile.yaml Body (AWS::ApiGatewayV2::Api) GET /v1/signed", "AWS_IAM")
        .containsEntry(
            "hostile.yaml Fn (AWS::Serverless::Function) event Signed GET /a", "AWS_IAM");
  }

  @Test
  void aWildcardDataGrantIsNamedWithItsStatementInEveryKindOfPolicy(@TempDir Path dir)
      throws IOException {
    AccessGate.Findings f =
        AccessGate.check(
            "hostile.yaml",
            load(
                dir,
                """
                Conditions:
                  Wide: !Equals [a, b]
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess, !Ref Managed]
                      Policies:
                        - PolicyName: inline
                          PolicyDocument:
                            Statement:
                              - {Sid: AllTables, Effect: Allow, Action: "dynamodb:*", Resource: !GetAtt Table.Arn}
                              - {Sid: Exact, Effect: Allow, Action: dynamodb:PutItem, Resource: !GetAtt Table.Arn}
                              - {Effect: Allow, Action: [sns:Publish], Resource: "*"}
                              - {Sid: Everything, Effect: Allow, Action: "*", Resource: "*"}
                              - {Sid: Logs, Effect: Allow, Action: logs:PutLogEvents, Resource: "*"}
                              - {Sid: Guard, Effect: Deny, Action: "*", Resource: "*"}
                  Attached:
                    Type: AWS::IAM::Policy
                    Properties:
                      PolicyDocument:
                        Statement:
                          - {Sid: EverySecret, Effect: Allow, Action: secretsmanager:GetSecretValue, Resource: !Sub "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*"}
                          - {Sid: Prefixed, Effect: Allow, Action: ssm:GetParameter, Resource: !Sub "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/probefleet/*"}
                          - {Sid: Maybe, Effect: Allow, Action: kms:Decrypt, Resource: !If [Wide, "*", !GetAtt Key.Arn]}
                  Managed:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument:
                        Statement:
                          - {Sid: Except, Effect: Allow, NotAction: iam:*, Resource: "*"}
                          - {Sid: Reads, Effect: Allow, Action: ssm:Get*, Resource: !Sub "arn:aws:ssm:eu-west-1:1:parameter/x"}
                  Queue:
                    Type: AWS::SQS::QueuePolicy
                    Properties:
                      Queues: [q]
                      PolicyDocument:
                        Statement:
                          - {Sid: AnyQueue, Effect: Allow, Principal: {Service: sns.amazonaws.com}, Action: sqs:SendMessage, Resource: !Join ["", ["arn:aws:sqs:eu-west-1:", !Ref AWS::AccountId, ":*"]]}
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - AmazonS3FullAccess
                        - Statement: [{Sid: InlineSam, Effect: Allow, Action: "s3:*", Resource: arn:aws:s3:::bucket/*}]
                        - DynamoDBCrudPolicy: {TableName: !Ref Table}
                """));

    String role = "hostile.yaml Role (AWS::IAM::Role)";
    String attached = "hostile.yaml Attached (AWS::IAM::Policy) statement ";
    String managed = "hostile.yaml Managed (AWS::IAM::ManagedPolicy) statement ";
    String fn = "hostile.yaml Fn (AWS::Serverless::Function)";
    assertThat(f.unauthenticated()).isEmpty();
    assertThat(f.wildcardGrants())
        .containsExactlyInAnyOrder(
            role
                + " policy inline statement AllTables: wildcard action dynamodb:* on [<Table.Arn>]",
            role
                + " policy inline statement #3: data actions [sns:Publish] on Resource * — every"
                + " item of the service, not the fleet's own",
            role + " policy inline statement Everything: wildcard action * on [*]",
            role
                + " policy inline statement Everything: data actions [*] on Resource * — every"
                + " item of the service, not the fleet's own",
            role
                + ": managed policy arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess — its"
                + " statements are not in the template; grant through an inline policy the gate"
                + " can read",
            attached
                + "EverySecret: data actions [secretsmanager:GetSecretValue] on Resource"
                + " arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*"
                + " — every item of the service, not the fleet's own",
            attached
                + "Maybe: data actions [kms:Decrypt] on Resource * — every item of the"
                + " service, not the fleet's own",
            managed + "Except: Allow with NotAction iam:* — grants every other action",
            managed + "Reads: wildcard action ssm:Get* on [arn:aws:ssm:eu-west-1:1:parameter/x]",
            "hostile.yaml Queue (AWS::SQS::QueuePolicy) statement AnyQueue: data actions"
                + " [sqs:SendMessage] on Resource arn:aws:sqs:eu-west-1:<AWS::AccountId>:* — every"
                + " item of the service, not the fleet's own",
            fn
                + ": managed policy AmazonS3FullAccess — its statements are not in the template;"
                + " grant through an inline policy the gate can read",
            fn + " Policies statement InlineSam: wildcard action s3:* on [arn:aws:s3:::bucket/*]");
    assertThat(f.deferred()).containsExactly(fn + ": SAM policy template DynamoDBCrudPolicy");
  }

  @Test
  void onlyTheWholeOfAServiceCountsAsEveryResource() {
    assertThat(AccessGate.everything("*")).isTrue();
    assertThat(AccessGate.everything("arn:aws:dynamodb:eu-west-1:1:table/*")).isTrue();
    assertThat(AccessGate.everything("arn:aws:dynamodb:eu-west-1:1:*")).isTrue();
    assertThat(AccessGate.everything("arn:aws:dynamodb:eu-west-1:1:table/rounds")).isFalse();
    assertThat(AccessGate.everything("arn:aws:dynamodb:eu-west-1:1:table/rounds/index/*"))
        .isFalse();
    assertThat(AccessGate.everything("arn:aws:ssm:eu-west-1:1:parameter/probefleet/*")).isFalse();
    assertThat(
            AccessGate.everything(
                "arn:${AWS::Partition}:kms:${AWS::Region}:<AWS::AccountId>:key/*"))
        .isTrue();
    assertThat(AccessGate.everything("arn:aws:s3:::*")).isTrue();
    assertThat(AccessGate.everything("arn:aws:s3:::bucket/*")).isFalse();
    assertThat(AccessGate.everything("arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/p:*"))
        .isFalse();
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static AccessGate.Findings samFindings;
  private static Map<String, AccessGate.Findings> cdkFindings;

  private static synchronized AccessGate.Findings sam() {
    if (samFindings == null) {
      samFindings = AccessGate.check("template.yaml", CloudFormationYaml.load(SamTemplate.FILE));
      print("infra/sam/template.yaml", samFindings);
    }
    return samFindings;
  }

  private static synchronized Map<String, AccessGate.Findings> cdk() throws IOException {
    if (cdkFindings == null) {
      cdkFindings = synthesizeCdk();
      cdkFindings.forEach((stack, f) -> print("CDK stack " + stack, f));
    }
    return cdkFindings;
  }

  static void print(String what, AccessGate.Findings f) {
    StringBuilder b = new StringBuilder("security gate, " + what + ":\n");
    f.routes()
        .forEach(
            (route, mechanism) ->
                b.append("  ").append(mechanism).append("  ").append(route).append('\n'));
    b.append("  ").append(f.statements()).append(" Allow statements checked, ");
    b.append(f.violations().size()).append(" violation(s)\n");
    f.violations().forEach(v -> b.append("  VIOLATION ").append(v).append('\n'));
    f.deferred().forEach(d -> b.append("  deferred to the SAM transform: ").append(d).append('\n'));
    System.out.print(b);
  }

  private static Map<String, Object> load(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("hostile.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return CloudFormationYaml.load(file);
  }

  /** Every stack of the CDK app with every optional resource: stack name → the gate's findings. */
  private static Map<String, AccessGate.Findings> synthesizeCdk() throws IOException {
    for (FunctionPackage p :
        List.of(FunctionPackage.PROBE, FunctionPackage.ANALYZER, FunctionPackage.API)) {
      Path zip = functions.resolve(p.module()).resolve("target").resolve(p.zipName());
      Files.createDirectories(zip.getParent());
      // A stand-in: the stacks are checked, not the code.
      try (OutputStream out = Files.newOutputStream(zip);
          ZipOutputStream z = new ZipOutputStream(out)) {
        z.putNextEntry(new ZipEntry("stand-in.txt"));
        z.write(p.zipName().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("regions", "us-east-1,eu-west-1");
    context.put("homeRegion", "us-east-1");
    context.put("alertEmail", "oncall@example.com");
    context.put("alertHttpsUrl", "https://hooks.example.com/x");
    context.put("alertQueue", "true");
    context.put("shards", "2");
    context.put("functionsDir", functions.toString());
    ProbefleetApp.Fleet fleet =
        ProbefleetApp.build(new App(AppProps.builder().context(context).build()), Map.of());
    List<Stack> stacks = new ArrayList<>();
    stacks.add(fleet.home());
    stacks.addAll(fleet.probes());
    Map<String, AccessGate.Findings> out = new LinkedHashMap<>();
    for (Stack s : stacks) {
      out.put(s.getStackName(), AccessGate.check(s.getStackName(), Template.fromStack(s).toJSON()));
    }
    return out;
  }
}
