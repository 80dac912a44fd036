package dev.probefleet.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard for the whole fleet, in the home region ({@code <prefix>}): the probes
 * of every region (each graph reads the probe region's own metrics), failures by path and by the
 * layer the analyzer blamed, the analyzer's slot time, the outbox's depth and age, dead letters,
 * and the functions' errors. Metric names, namespace and dimensions are those {@code EmfMetrics}
 * emits (README "Metrics").
 */
final class FleetDashboard extends Construct {

  /** Layers a failing verdict can blame ({@code Layer}, less {@code NONE}). */
  static final List<String> FAILING_LAYERS =
      List.of("CDN", "LOAD_BALANCER", "ORIGIN", "NETWORK", "DNS", "INCONCLUSIVE");

  /** The probe paths ({@code PathKind} keys). */
  static final List<String> PATHS = List.of("cdn", "lb", "origin");

  private final Dashboard dashboard;
  private final DeploymentSettings settings;

  FleetDashboard(
      Construct scope,
      String id,
      DeploymentSettings settings,
      String probeFunctionName,
      String analyzerFunctionName,
      String apiFunctionName,
      List<IAlarm> homeAlarms) {
    super(scope, id);
    this.settings = settings;
    dashboard =
        Dashboard.Builder.create(this, "Dashboard")
            .dashboardName(settings.names().prefix())
            .defaultInterval(Duration.hours(3))
            .build();
    dashboard.addWidgets(
        TextWidget.Builder.create()
            .markdown(
                "# probefleet — "
                    + settings.names().prefix()
                    + "\nProbe regions: "
                    + String.join(", ", settings.regions())
                    + " · home: "
                    + settings.homeRegion()
                    + " · one slot every "
                    + DeploymentSettings.seconds(settings.interval()))
            .width(24)
            .height(2)
            .build());

    List<IMetric> probed = new ArrayList<>();
    List<IMetric> failing = new ArrayList<>();
    List<IMetric> unprobed = new ArrayList<>();
    for (String region : settings.regions()) {
      probed.add(fleet("PathsProbed", Map.of("region", region), "Sum", region, region));
      failing.add(fleet("PathsFailing", Map.of("region", region), "Sum", region, region));
      unprobed.add(
          fleet("PathsUnprobed", Map.of("region", region), "Sum", region, region + " unprobed"));
      unprobed.add(
          fleet("RoundsUnwritten", Map.of("region", region), "Sum", region, region + " unwritten"));
    }
    dashboard.addWidgets(
        graph("Probes: paths probed per region", probed),
        graph("Probes: paths failing per region", failing),
        graph("Probes: paths unprobed, rounds unwritten", unprobed));

    List<IMetric> failureRate = new ArrayList<>();
    List<IMetric> ttfb = new ArrayList<>();
    for (String region : settings.regions()) {
      for (String path : PATHS) {
        Map<String, String> dims = Map.of("path", path, "region", region);
        failureRate.add(fleet("ProbeFailure", dims, "Average", region, path + " " + region));
        ttfb.add(fleet("TimeToFirstByte", dims, "p90", region, path + " " + region + " p90"));
      }
    }
    List<IMetric> outagesByLayer = new ArrayList<>();
    for (String layer : FAILING_LAYERS) {
      outagesByLayer.add(
          MathExpression.Builder.create()
              .expression(
                  "SUM(SEARCH('{"
                      + settings.metricsNamespace()
                      + ",layer,region} MetricName=\"Outage\" layer=\""
                      + layer
                      + "\"', 'Sum', "
                      + Math.max(300, settings.interval().toSeconds())
                      + "))")
              .label(layer)
              .period(period())
              .usingMetrics(Map.of())
              .build());
    }
    dashboard.addWidgets(
        graph("Failure rate by path (ProbeFailure average)", failureRate),
        graph("Outages by layer (verdicts that page, all regions)", outagesByLayer),
        graph("Time to first byte by path, p90 (ms)", ttfb));

    dashboard.addWidgets(
        graph(
            "Analyzer: slot lag (s) and run time (ms)",
            List.of(
                fleet("AnalyzerSlotLag", Map.of(), "Maximum", settings.homeRegion(), "slot lag"),
                fleet("AnalyzerDuration", Map.of(), "Maximum", settings.homeRegion(), "run time"))),
        graph(
            "Outbox: depth and oldest pending alert (s)",
            List.of(
                fleet("OutboxDepth", Map.of(), "Maximum", settings.homeRegion(), "depth"),
                fleet(
                    "OutboxOldestAge", Map.of(), "Maximum", settings.homeRegion(), "oldest (s)"))),
        graph(
            "Alerts: published, failed, dead letters",
            List.of(
                fleet("AlertsPublished", Map.of(), "Sum", settings.homeRegion(), "published"),
                fleet("AlertPublishFailures", Map.of(), "Sum", settings.homeRegion(), "failures"),
                fleet(
                    "AlertsDeadLettered",
                    Map.of(),
                    "Sum",
                    settings.homeRegion(),
                    "dead letters"))));

    List<IMetric> errors = new ArrayList<>();
    for (String region : settings.regions()) {
      errors.add(lambda("Errors", probeFunctionName, region, "probe " + region));
    }
    errors.add(lambda("Errors", analyzerFunctionName, settings.homeRegion(), "analyzer"));
    errors.add(lambda("Errors", apiFunctionName, settings.homeRegion(), "api"));
    List<IMetric> durations = new ArrayList<>();
    for (String region : settings.regions()) {
      durations.add(lambda("Duration", probeFunctionName, region, "probe " + region));
    }
    durations.add(lambda("Duration", analyzerFunctionName, settings.homeRegion(), "analyzer"));
    dashboard.addWidgets(
        graph("Function errors", errors),
        graph("Function duration, maximum (ms)", durations),
        AlarmStatusWidget.Builder.create()
            .title("Home region alarms")
            .alarms(homeAlarms)
            .width(8)
            .height(6)
            .build());
  }

  Dashboard dashboard() {
    return dashboard;
  }

  private Duration period() {
    return Duration.seconds(Math.max(300, settings.interval().toSeconds()));
  }

  private Metric fleet(
      String name, Map<String, String> dimensions, String statistic, String region, String label) {
    return Metric.Builder.create()
        .namespace(settings.metricsNamespace())
        .metricName(name)
        .dimensionsMap(dimensions)
        .statistic(statistic)
        .period(period())
        .region(region)
        .label(label)
        .build();
  }

  private Metric lambda(String name, String functionName, String region, String label) {
    return Metric.Builder.create()
        .namespace("AWS/Lambda")
        .metricName(name)
        .dimensionsMap(Map.of("FunctionName", functionName))
        .statistic(name.equals("Duration") ? "Maximum" : "Sum")
        .period(period())
        .region(region)
        .label(label)
        .build();
  }

  private static GraphWidget graph(String title, List<IMetric> metrics) {
    return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
  }
}
