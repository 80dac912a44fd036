package dev.probefleet.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * One EventBridge Scheduler schedule per shard, invoking a function's {@code live} alias at the
 * start of every period with the input {@code ScheduledInvocation} reads: {@code {"shard": "i/n",
 * "scheduledTime": "<aws.scheduler.scheduled-time>"}}. The scheduler replaces the placeholder with
 * the time the schedule fired for, so a retried invocation lands in the same round slot. Retries
 * stop after one period: a round of a slot long gone is no use.
 */
final class ShardSchedules extends Construct {

  /** The scheduler's placeholder for the time a schedule fired for. */
  static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";

  private final List<CfnSchedule> schedules = new ArrayList<>();

  /**
   * @param namePrefix the schedules' names: {@code <namePrefix>-<i>-of-<n>}
   * @param target the alias invoked
   * @param shards how many shards (one schedule each)
   */
  ShardSchedules(
      Construct scope,
      String id,
      String namePrefix,
      Alias target,
      int shards,
      DeploymentSettings settings) {
    super(scope, id);
    Role role =
        Role.Builder.create(this, "Role")
            .assumedBy(
                new ServicePrincipal("scheduler.amazonaws.com")
                    .withConditions(
                        Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
            .description(namePrefix + " schedules: invoke the function's live alias")
            .build();
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("InvokeLiveAlias")
            .effect(Effect.ALLOW)
            .actions(List.of("lambda:InvokeFunction"))
            .resources(List.of(target.getFunctionArn()))
            .build());
    String expression = ScheduleExpressions.cron("schedule", settings.interval());
    long maxAge = Math.max(60, Math.min(86_400, settings.interval().toSeconds()));
    for (int i = 0; i < shards; i++) {
      String shard = i + "/" + shards;
      CfnSchedule schedule =
          CfnSchedule.Builder.create(this, "Shard" + i)
              .name(namePrefix + "-" + i + "-of-" + shards)
              .description("shard " + shard + " at the start of every " + seconds(settings))
              .scheduleExpression(expression)
              .scheduleExpressionTimezone("UTC")
              .flexibleTimeWindow(
                  CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
              .state("ENABLED")
              .target(
                  CfnSchedule.TargetProperty.builder()
                      .arn(target.getFunctionArn())
                      .roleArn(role.getRoleArn())
                      .input(input(shard))
                      .retryPolicy(
                          CfnSchedule.RetryPolicyProperty.builder()
                              .maximumEventAgeInSeconds(maxAge)
                              .maximumRetryAttempts(2)
                              .build())
                      .build())
              .build();
      schedules.add(schedule);
    }
  }

  /** The input of a shard's schedule. */
  static String input(String shard) {
    return "{\"shard\":\"" + shard + "\",\"scheduledTime\":\"" + SCHEDULED_TIME + "\"}";
  }

  List<CfnSchedule> schedules() {
    return List.copyOf(schedules);
  }

  private static String seconds(DeploymentSettings settings) {
    return DeploymentSettings.seconds(settings.interval());
  }
}
