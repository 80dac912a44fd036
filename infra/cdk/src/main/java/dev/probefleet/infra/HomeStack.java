package dev.probefleet.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * The home region: the tables, the alert topic and its subscriptions, the analyzer and its
 * schedules, the query API, the fleet's dashboard, and the alarms on what runs here (the analyzer's
 * errors and lag, the outbox's age, dead letters, the API's errors).
 */
public final class HomeStack extends Stack {

  /** How old the oldest pending alert may get before someone is told: 15 minutes. */
  static final int OUTBOX_AGE_LIMIT_SECONDS = 900;

  private final HomeTables tables;
  private final AlertTopic alerts;
  private final FleetFunction analyzer;
  private final ShardSchedules analyzerSchedules;
  private final FleetFunction api;
  private final QueryApi queryApi;
  private final OperationsAlarms operations;
  private final FleetDashboard dashboard;

  HomeStack(Construct scope, String id, StackProps props, DeploymentSettings settings) {
    super(scope, id, props);
    HomeResources home = new HomeResources(settings.names(), settings.homeRegion());
    String prefix = settings.names().prefix();

    tables = new HomeTables(this, "Tables", settings.names());
    alerts = new AlertTopic(this, "Alerts", settings.names(), settings.subscriptions());

    analyzer =
        new FleetFunction(
            this,
            "Analyzer",
            new FleetFunction.Spec(
                prefix + "-analyzer",
                FunctionPackage.ANALYZER,
                settings.analyzerMemory(),
                settings.architecture(),
                settings.scheduledTimeout(),
                FleetEnvironment.analyzer(settings, alerts.topic().getTopicArn()),
                DataAccess.analyzer(this, home),
                "probefleet analyzer: verdicts, incidents and alerts for each slot"),
            settings);
    analyzerSchedules =
        new ShardSchedules(
            this,
            "AnalyzerSchedules",
            prefix + "-analyzer",
            analyzer.alias(),
            settings.analyzerShards(),
            settings);

    api =
        new FleetFunction(
            this,
            "Api",
            new FleetFunction.Spec(
                prefix + "-api",
                FunctionPackage.API,
                settings.apiMemory(),
                settings.architecture(),
                // API Gateway gives an integration at most 30 s.
                java.time.Duration.ofSeconds(29),
                FleetEnvironment.api(settings),
                DataAccess.api(this, home),
                "probefleet query API: status, incidents, target history"),
            settings);
    queryApi =
        new QueryApi(this, "QueryApi", prefix + "-api", api.alias(), settings.logRetentionDays());

    operations =
        new OperationsAlarms(
            this, "Operations", settings.names().prefix() + "-operations", settings);
    operations.errors("AnalyzerErrors", analyzer.function(), "analyzer");
    operations.fleetMetric(
        "AnalyzerLag",
        "analyzer-lag",
        "The analyzer finished its last slot more than two periods after the slot ended, or has not"
            + " reported at all: incidents open and resolve late, or not at all.",
        "AnalyzerSlotLag",
        Map.of(),
        "Maximum",
        2.0 * settings.interval().toSeconds(),
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        2,
        2,
        TreatMissingData.BREACHING);
    operations.fleetMetric(
        "OutboxAge",
        "outbox-age",
        "An alert has waited in the outbox for more than "
            + OUTBOX_AGE_LIMIT_SECONDS / 60
            + " minutes: SNS refuses or cannot be reached (IAM, a deleted topic, KMS, an outage).",
        "OutboxOldestAge",
        Map.of(),
        "Maximum",
        OUTBOX_AGE_LIMIT_SECONDS,
        ComparisonOperator.GREATER_THAN_THRESHOLD,
        1,
        1,
        TreatMissingData.NOT_BREACHING);
    operations.fleetMetric(
        "DeadLetters",
        "dead-letters",
        "An alert was given up (dead-lettered): it is kept with its incident; list it with"
            + " AlertOutbox.deadLetters and deliver it by hand.",
        "AlertsDeadLettered",
        Map.of(),
        "Sum",
        1,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        1,
        1,
        TreatMissingData.NOT_BREACHING);
    operations.errors("ApiErrors", api.function(), "api");

    List<IAlarm> alarms = new ArrayList<>(operations.alarms());
    dashboard =
        new FleetDashboard(
            this,
            "Dashboard",
            settings,
            ProbeStack.probeFunctionName(settings),
            prefix + "-analyzer",
            prefix + "-api",
            alarms);
  }

  HomeTables tables() {
    return tables;
  }

  AlertTopic alerts() {
    return alerts;
  }

  FleetFunction analyzer() {
    return analyzer;
  }

  ShardSchedules analyzerSchedules() {
    return analyzerSchedules;
  }

  FleetFunction api() {
    return api;
  }

  QueryApi queryApi() {
    return queryApi;
  }

  OperationsAlarms operations() {
    return operations;
  }

  FleetDashboard dashboard() {
    return dashboard;
  }
}
