package dev.probefleet.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One of the fleet's functions as Lambda runs it: the java21 runtime with SnapStart on published
 * versions, a {@code live} alias on the current version (what schedules and the API invoke, so
 * every invocation starts from the snapshot), a log group of its own with the deployment's
 * retention, and a role of its own that may write to that log group and do exactly what {@link
 * DataAccess} grants. No AWS managed policy: {@code AWSLambdaBasicExecutionRole} would let it
 * create log groups and write to any of them.
 */
final class FleetFunction extends Construct {

  /**
   * What to deploy.
   *
   * @param functionName the function's name ({@code <prefix>-<name>}: the same in every region, so
   *     the dashboard and the alarms can name it)
   * @param pkg the zip and the handler
   * @param memory the memory size, MB
   * @param architecture its instruction set
   * @param timeout how long an invocation may run
   * @param environment its {@code PROBEFLEET_*} variables
   * @param statements its data access
   * @param description what it does
   */
  record Spec(
      String functionName,
      FunctionPackage pkg,
      int memory,
      DeploymentSettings.FunctionArchitecture architecture,
      java.time.Duration timeout,
      Map<String, String> environment,
      List<PolicyStatement> statements,
      String description) {
    Spec {
      Objects.requireNonNull(functionName, "functionName");
      Objects.requireNonNull(architecture, "architecture");
      environment = Map.copyOf(environment);
      statements = List.copyOf(statements);
    }
  }

  private final Function function;
  private final Alias alias;
  private final LogGroup logGroup;
  private final Role role;

  FleetFunction(Construct scope, String id, Spec spec, DeploymentSettings settings) {
    super(scope, id);
    logGroup =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName("/aws/lambda/" + spec.functionName())
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    // The L2 retention is an enum; the deployment's retention is a number CloudWatch accepts
    // (checked in DeploymentSettings).
    ((CfnLogGroup) logGroup.getNode().getDefaultChild())
        .setRetentionInDays(settings.logRetentionDays());

    role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description(spec.functionName() + ": its logs and the data it reads and writes")
            .build();
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("WriteOwnLogs")
            .effect(Effect.ALLOW)
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            // The log group's Arn attribute ends in ":*": the streams in it, which the runtime
            // creates per execution environment under names known only then. This group only.
            .resources(List.of(logGroup.getLogGroupArn()))
            .build());
    spec.statements().forEach(role::addToPrincipalPolicy);
    function =
        Function.Builder.create(this, "Function")
            .functionName(spec.functionName())
            .description(spec.description())
            .runtime(Runtime.JAVA_21)
            .architecture(
                spec.architecture() == DeploymentSettings.FunctionArchitecture.ARM64
                    ? Architecture.ARM_64
                    : Architecture.X86_64)
            .handler(spec.pkg().handler())
            .code(Code.fromAsset(spec.pkg().zip(settings.functionsDir()).toString()))
            .memorySize(spec.memory())
            .timeout(Duration.seconds(spec.timeout().toSeconds()))
            .environment(spec.environment())
            .role(role)
            .logGroup(logGroup)
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .build();
    NagSuppressions.addResourceSuppressions(
        function,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason(
                    "The functions are compiled for the java21 runtime (maven.compiler.release 21)"
                        + " and their SnapStart priming and cold starts are measured on it (README,"
                        + " \"Cold starts\"): a newer Java runtime is a change of the build target"
                        + " and a new measurement, not a deployment setting.")
                .build()));
    // SnapStart applies to published versions only, and this function has one: the alias below
    // points at currentVersion.
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "a version is published (currentVersion) and the live alias invokes it");
    alias =
        Alias.Builder.create(this, "Live")
            .aliasName("live")
            .version(function.getCurrentVersion())
            .description("the current version, restored from its SnapStart snapshot")
            .build();
  }

  Function function() {
    return function;
  }

  /** What callers invoke: the current published version, so SnapStart applies. */
  Alias alias() {
    return alias;
  }

  LogGroup logGroup() {
    return logGroup;
  }

  Role role() {
    return role;
  }
}
