package dev.probefleet.infra.sam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first deploy step as a user runs it, up to where AWS is needed: the pinned SAM CLI
 * ({@code infra/sam/requirements.txt}, in {@code infra/sam/.venv}) validates and lints the
 * template, and {@code sam build} takes the packages as they are and points the built template at
 * the same zips. Both run offline, without credentials: a clean environment, an empty home
 * directory, telemetry off.
 */
class SamCliIT {
  private Path home;

  @BeforeEach
  void emptyHome() throws IOException {
    home = Files.createTempDirectory("sam-home");
  }

  @AfterEach
  void removeHome() throws IOException {
    delete(home);
  }

  @Test
  void samValidateWithLintFindsATemplateWithoutFault() throws Exception {
    Run run = sam("validate", "--lint", "--template", SamTemplate.FILE.toString());

    assertThat(run.output()).contains("is a valid SAM Template");
    assertThat(run.status()).as(run.output()).isZero();
  }

  @Test
  void samBuildKeepsThePackagesTheBuildProduced() throws Exception {
    Path build = home.resolve("build");
    Run run =
        sam("build", "--template", SamTemplate.FILE.toString(), "--build-dir", build.toString());

    assertThat(run.status()).as(run.output()).isZero();
    Map<String, Object> built = CloudFormationYaml.load(build.resolve("template.yaml"));
    SamTemplate template = SamTemplate.load();
    for (String id : template.ofType("AWS::Serverless::Function").keySet()) {
      Object codeUri =
          SamTemplate.map(
                  SamTemplate.map(SamTemplate.map(built.get("Resources"), "Resources").get(id), id)
                      .get("Properties"),
                  id + ".Properties")
              .get("CodeUri");
      Path original =
          template
              .file()
              .getParent()
              .resolve((String) template.function(id).get("CodeUri"))
              .normalize();
      assertThat(build.resolve((String) codeUri).normalize()).as(id).isEqualTo(original);
    }
  }

  /**
   * What CloudFormation deploys after the SAM transform (aws-sam-translator, the library of {@code
   * sam validate}): every route of the HTTP API signed with SigV4 and integrated with the API
   * function's alias, every schedule and permission on an alias whose version is published from its
   * function, and SnapStart on those functions.
   */
  @Test
  void theTransformedTemplateAuthorizesEveryRouteAndInvokesOnlyPublishedAliases() throws Exception {
    Path script = Path.of(getClass().getResource("/sam_transform.py").toURI());
    Path python = venv().resolve("bin/python");
    Run run = run(List.of(python.toString(), script.toString(), SamTemplate.FILE.toString()));
    assertThat(run.status()).as(run.output()).isZero();
    Map<String, Map<String, Object>> resources = new java.util.TreeMap<>();
    SamTemplate.map(
            SamTemplate.map(
                    new org.yaml.snakeyaml.Yaml(
                            new org.yaml.snakeyaml.constructor.SafeConstructor(
                                new org.yaml.snakeyaml.LoaderOptions()))
                        .load(run.output()),
                    "transformed template")
                .get("Resources"),
            "Resources")
        .forEach((id, r) -> resources.put(id, SamTemplate.map(r, id)));

    // The HTTP API: every operation requires the SigV4 scheme and goes to the api alias.
    Map<String, Object> body = properties(resources, "QueryApi", "AWS::ApiGatewayV2::Api", "Body");
    Map<String, Object> schemes =
        SamTemplate.map(
            SamTemplate.map(body.get("components"), "components").get("securitySchemes"),
            "securitySchemes");
    assertThat(SamTemplate.map(schemes.get("AWS_IAM"), "AWS_IAM"))
        .containsEntry("x-amazon-apigateway-authtype", "awsSigv4");
    List<String> operations = new ArrayList<>();
    SamTemplate.map(body.get("paths"), "paths")
        .forEach(
            (path, methods) ->
                SamTemplate.map(methods, path)
                    .forEach(
                        (method, operation) -> {
                          Map<String, Object> op = SamTemplate.map(operation, path);
                          operations.add(method + " " + path);
                          assertThat(op.get("security"))
                              .as("%s %s", method, path)
                              .isEqualTo(List.of(Map.of("AWS_IAM", List.of())));
                          assertThat(
                                  String.valueOf(
                                      SamTemplate.map(
                                              op.get("x-amazon-apigateway-integration"), path)
                                          .get("uri")))
                              .as("%s %s", method, path)
                              .contains("${ApiFunctionAliaslive}");
                        }));
    assertThat(operations).hasSize(4);

    // Schedules and API Gateway's permissions name aliases, each of a version of its function.
    List<String> invoked = new ArrayList<>();
    resources.forEach(
        (id, r) -> {
          Map<String, Object> p = SamTemplate.map(r.getOrDefault("Properties", Map.of()), id);
          if ("AWS::Scheduler::Schedule".equals(r.get("Type"))) {
            invoked.add(ref(SamTemplate.map(p.get("Target"), id).get("Arn")));
          } else if ("AWS::Lambda::Permission".equals(r.get("Type"))) {
            invoked.add(ref(p.get("FunctionName")));
          }
        });
    assertThat(invoked).isNotEmpty();
    for (String alias : invoked) {
      Map<String, Object> a = properties(resources, alias, "AWS::Lambda::Alias", null);
      String function = ref(a.get("FunctionName"));
      String version =
          (String)
              SamTemplate.list(
                      SamTemplate.map(a.get("FunctionVersion"), alias).get("Fn::GetAtt"), alias)
                  .get(0);
      assertThat(
              ref(properties(resources, version, "AWS::Lambda::Version", null).get("FunctionName")))
          .isEqualTo(function);
      assertThat(properties(resources, function, "AWS::Lambda::Function", "SnapStart"))
          .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }

    // The transform adds no role of its own: the functions keep the template's.
    assertThat(
            resources.entrySet().stream()
                .filter(e -> "AWS::IAM::Role".equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey)
                .toList())
        .containsExactlyInAnyOrder("ProbeRole", "AnalyzerRole", "ApiRole", "SchedulerRole");
  }

  /**
   * The security gate ({@link AccessGate}) over what CloudFormation deploys: after the SAM
   * transform, SAM's policy templates and managed policy names are expanded into the roles, so a
   * wildcard one of them brings in is seen here. The template passes; a function granted {@code
   * SSMParameterReadPolicy} (whose expansion lists every parameter: {@code ssm:DescribeParameters}
   * on {@code *}) fails, naming the statement, and so does the AWS managed policy SAM attaches.
   */
  @Test
  void theSecurityGatePassesTheTransformedTemplateAndCatchesAnExpandedPolicyTemplate()
      throws Exception {
    AccessGate.Findings deployed =
        AccessGate.check("transformed template.yaml", transform(SamTemplate.FILE));
    AccessGateTest.print("infra/sam/template.yaml after the SAM transform", deployed);
    assertThat(deployed.violations()).isEmpty();
    assertThat(deployed.deferred()).isEmpty();
    assertThat(deployed.routes()).hasSize(4);
    assertThat(deployed.routes().values()).containsOnly("AWS_IAM");

    Path fixture = home.resolve("policy-template.yaml");
    Files.writeString(
        fixture,
        """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Reader:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: reader.zip
              Handler: x.Handler::handleRequest
              Runtime: java21
              Policies:
                - SSMParameterReadPolicy: {ParameterName: probefleet/token}
        """);
    AccessGate.Findings raw =
        AccessGate.check("policy-template.yaml", CloudFormationYaml.load(fixture));
    assertThat(raw.wildcardGrants()).isEmpty();
    assertThat(raw.deferred())
        .containsExactly(
            "policy-template.yaml Reader (AWS::Serverless::Function): SAM policy template"
                + " SSMParameterReadPolicy");
    AccessGate.Findings expanded = AccessGate.check("transformed", transform(fixture));
    AccessGateTest.print("policy-template.yaml after the SAM transform", expanded);
    // SAM also attaches AWS's basic execution role to a role it makes: refused too, unseen.
    assertThat(expanded.wildcardGrants())
        .containsExactlyInAnyOrder(
            "transformed ReaderRole (AWS::IAM::Role) policy ReaderRolePolicy0 statement #1: data"
                + " actions [ssm:DescribeParameters] on Resource * — every item of the service,"
                + " not the fleet's own",
            "transformed ReaderRole (AWS::IAM::Role): managed policy"
                + " arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole — its"
                + " statements are not in the template; grant through an inline policy the gate"
                + " can read");
  }

  /** The CloudFormation the SAM transform (aws-sam-translator, offline) makes of a template. */
  private Map<String, Object> transform(Path template) throws Exception {
    Path script = Path.of(getClass().getResource("/sam_transform.py").toURI());
    Run run =
        run(
            List.of(
                venv().resolve("bin/python").toString(), script.toString(), template.toString()));
    assertThat(run.status()).as(run.output()).isZero();
    return SamTemplate.map(
        new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions()))
            .load(run.output()),
        "transformed " + template);
  }

  /** A resource's properties, or one of them, after checking its type. */
  private static Map<String, Object> properties(
      Map<String, Map<String, Object>> resources, String id, String type, String property) {
    Map<String, Object> resource = resources.get(id);
    assertThat(resource).as("resource %s", id).isNotNull();
    assertThat(resource.get("Type")).as(id).isEqualTo(type);
    Map<String, Object> properties = SamTemplate.map(resource.get("Properties"), id);
    return property == null
        ? properties
        : SamTemplate.map(properties.get(property), id + "." + property);
  }

  private static String ref(Object expression) {
    return (String) SamTemplate.map(expression, "Ref").get("Ref");
  }

  private record Run(int status, String output) {}

  private static Path venv() {
    Path venv = Path.of(System.getProperty("probefleet.sam.venv", ".venv"));
    assertThat(venv.resolve("bin/sam"))
        .as("the SAM CLI: run make venv (infra/sam/venv.sh)")
        .isExecutable();
    return venv;
  }

  private Run sam(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(venv().resolve("bin/sam").toString()));
    command.addAll(List.of(arguments));
    return run(command);
  }

  /** Runs a command of the SAM CLI's virtualenv offline: a clean environment, an empty home. */
  private Run run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("SAM_CLI_TELEMETRY", "0");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    Path output = Files.createTempFile(home, "output", ".txt");
    Process process =
        builder
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = process.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(finished).as("%s finished within 180 s: %s", command, text).isTrue();
    return new Run(process.exitValue(), text);
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
