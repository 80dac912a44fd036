package dev.probefleet.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on the fleet's own health, in the region of the metric they watch (CloudWatch alarms
 * cannot watch another region's metrics), notifying an operations topic of the stack's own ({@code
 * <prefix>-operations} in the home stack, {@code <prefix>-probe-operations} in a probe stack), with
 * the context's {@code operationsEmail} subscribed.
 *
 * <p>Every alarm notifies when it fires and when it clears. Missing data is a breach where silence
 * is the fault (a probe schedule that stopped, an analyzer that no longer runs), and not where the
 * metric is only emitted when something happens.
 */
final class OperationsAlarms extends Construct {

  private final Topic topic;
  private final DeploymentSettings settings;
  private final List<Alarm> alarms = new ArrayList<>();

  /**
   * @param topicName the operations topic's name: the home stack's and a probe stack's differ,
   *     since the home region usually has a probe stack too and a topic name is one per region
   */
  OperationsAlarms(Construct scope, String id, String topicName, DeploymentSettings settings) {
    super(scope, id);
    this.settings = settings;
    // Not encrypted at rest: CloudWatch cannot publish alarm notifications (alarm name, state,
    // metric figures; no fleet data) to a topic under the AWS managed SNS key, whose policy it is
    // not in, and a customer managed key per region would cost more than the alarms it protects.
    // Publishing still requires TLS.
    topic =
        Topic.Builder.create(this, "Topic")
            .topicName(topicName)
            .displayName("probefleet operations")
            .enforceSsl(true)
            .build();
    // The topic policy replaces SNS's default one (which let the account's principals publish):
    // CloudWatch must be allowed by name, and only for this account's alarms of this deployment
    // (aws:SourceAccount and aws:SourceArn against the confused deputy).
    Stack stack = Stack.of(this);
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchAlarmsPublish")
            .effect(Effect.ALLOW)
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of("aws:SourceAccount", stack.getAccount()),
                    "ArnLike",
                    Map.of(
                        "aws:SourceArn",
                        "arn:"
                            + stack.getPartition()
                            + ":cloudwatch:"
                            + stack.getRegion()
                            + ":"
                            + stack.getAccount()
                            + ":alarm:"
                            + settings.names().prefix()
                            + "-*")))
            .build());
    settings.operationsEmail().ifPresent(e -> topic.addSubscription(new EmailSubscription(e)));
  }

  /** The period an alarm evaluates: five minutes, or the schedule's period when longer. */
  Duration period() {
    return Duration.seconds(periodSeconds());
  }

  private long periodSeconds() {
    return Math.max(300, settings.interval().toSeconds());
  }

  /**
   * How many invocations a function scheduled {@code schedules} times per period gets per alarm
   * period.
   */
  double expectedInvocations(int schedules) {
    return (double) schedules * periodSeconds() / settings.interval().toSeconds();
  }

  /** Invocations that failed (an error or a timeout), on two of three periods. */
  Alarm errors(String id, IFunction function, String name) {
    return add(
        id,
        name + "-errors",
        "The " + name + " function failed (error or timeout) in two of the last three periods.",
        function.metricErrors(
            software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                .period(period())
                .statistic("Sum")
                .build()),
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        3,
        2,
        TreatMissingData.NOT_BREACHING);
  }

  /** Fewer than half the invocations the schedules should make: a schedule stopped or failing. */
  Alarm missingInvocations(String id, IFunction function, String name, int schedules) {
    double expected = expectedInvocations(schedules);
    return add(
        id,
        name + "-missing-invocations",
        "The "
            + name
            + " function was invoked fewer than half the "
            + expected
            + " times its schedules should per period: a schedule is disabled, deleted or failing"
            + " to invoke it.",
        function.metricInvocations(
            software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                .period(period())
                .statistic("Sum")
                .build()),
        Math.max(1, Math.floor(expected / 2)),
        ComparisonOperator.LESS_THAN_THRESHOLD,
        2,
        2,
        TreatMissingData.BREACHING);
  }

  /** An alarm on one of the fleet's EMF metrics. */
  Alarm fleetMetric(
      String id,
      String name,
      String description,
      String metricName,
      Map<String, String> dimensions,
      String statistic,
      double threshold,
      ComparisonOperator comparison,
      int evaluationPeriods,
      int datapoints,
      TreatMissingData missing) {
    Metric metric =
        Metric.Builder.create()
            .namespace(settings.metricsNamespace())
            .metricName(metricName)
            .dimensionsMap(dimensions)
            .statistic(statistic)
            .period(period())
            .build();
    return add(
        id,
        name,
        description,
        metric,
        threshold,
        comparison,
        evaluationPeriods,
        datapoints,
        missing);
  }

  private Alarm add(
      String id,
      String name,
      String description,
      IMetric metric,
      double threshold,
      ComparisonOperator comparison,
      int evaluationPeriods,
      int datapoints,
      TreatMissingData missing) {
    // CloudWatch evaluates at most a day of periods.
    int periods = (int) Math.max(1, Math.min(evaluationPeriods, 86_400 / periodSeconds()));
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmName(settings.names().prefix() + "-" + name)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(comparison)
            .evaluationPeriods(periods)
            .datapointsToAlarm(Math.min(datapoints, periods))
            .treatMissingData(missing)
            .build();
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
    alarms.add(alarm);
    return alarm;
  }

  Topic topic() {
    return topic;
  }

  List<Alarm> alarms() {
    return List.copyOf(alarms);
  }
}
