package dev.probefleet.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * One probe region: the probe function, one schedule per shard, and the alarms on them (errors,
 * missing invocations, rounds that could not be written). It writes to the home region's tables,
 * addressed by ARNs built from the deployment's names ({@link HomeResources}), never by references
 * to the home stack: those would need cross-region exports.
 */
public final class ProbeStack extends Stack {

  private final String region;
  private final FleetFunction probe;
  private final ShardSchedules schedules;
  private final OperationsAlarms operations;

  ProbeStack(
      Construct scope, String id, StackProps props, String region, DeploymentSettings settings) {
    super(scope, id, props);
    this.region = region;
    HomeResources home = new HomeResources(settings.names(), settings.homeRegion());
    probe =
        new FleetFunction(
            this,
            "Probe",
            new FleetFunction.Spec(
                probeFunctionName(settings),
                FunctionPackage.PROBE,
                settings.probeMemory(),
                settings.probeArchitecture(),
                settings.scheduledTimeout(),
                FleetEnvironment.probe(settings),
                DataAccess.probe(this, home),
                "probefleet probe (" + region + "): every path of its shard's targets, each slot"),
            settings);
    String prefix = settings.names().prefix();
    NagSuppressions.addResourceSuppressions(
        probe.role(),
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Header secrets are referenced from the targets registry ({secret:"
                        + " \"ssm:/…\"} or {secret: \"secretsmanager:…\"}), which changes without a"
                        + " redeploy, so the parameters and secrets cannot be listed one by one:"
                        + " the grant is read-only (GetParameter, GetSecretValue) and confined to"
                        + " this deployment's path, /"
                        + prefix
                        + "/* in the home region.")
                .appliesTo(
                    List.of(
                        RegexAppliesTo.builder()
                            .regex(
                                "/^Resource::arn:<AWS::Partition>:ssm:"
                                    + settings.homeRegion()
                                    + ":(<AWS::AccountId>|\\d{12}):parameter\\/"
                                    + prefix
                                    + "\\/\\*$/g")
                            .build(),
                        RegexAppliesTo.builder()
                            .regex(
                                "/^Resource::arn:<AWS::Partition>:secretsmanager:"
                                    + settings.homeRegion()
                                    + ":(<AWS::AccountId>|\\d{12}):secret:"
                                    + prefix
                                    + "\\/\\*$/g")
                            .build()))
                .build()),
        true);
    schedules =
        new ShardSchedules(
            this, "Schedules", prefix + "-probe", probe.alias(), settings.shards(), settings);

    operations = new OperationsAlarms(this, "Operations", prefix + "-probe-operations", settings);
    operations.errors("ProbeErrors", probe.function(), "probe-" + region);
    operations.missingInvocations(
        "ProbeMissingInvocations", probe.function(), "probe-" + region, settings.shards());
    operations.fleetMetric(
        "RoundsUnwritten",
        "probe-" + region + "-rounds-unwritten",
        "Rounds of "
            + region
            + " could not be written to the home region's table in two periods running: the"
            + " analyzer sees this region as silent.",
        "RoundsUnwritten",
        Map.of("region", region),
        "Sum",
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        2,
        2,
        TreatMissingData.NOT_BREACHING);
  }

  /** The probe function's name, the same in every probe region. */
  static String probeFunctionName(DeploymentSettings settings) {
    return settings.names().prefix() + "-probe";
  }

  String probeRegion() {
    return region;
  }

  FleetFunction probe() {
    return probe;
  }

  ShardSchedules schedules() {
    return schedules;
  }

  OperationsAlarms operations() {
    return operations;
  }
}
