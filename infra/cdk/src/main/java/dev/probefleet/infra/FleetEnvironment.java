package dev.probefleet.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code PROBEFLEET_*} variables each function gets: its place in the fleet and nothing the
 * defaults already say right. Each is a property of the runtime's configuration records (the tests
 * check every name against {@code FleetVariables.all()}, derived from those records, so a renamed
 * property fails a test instead of being silently ignored in production). The region and the
 * credentials come from Lambda itself ({@code AWS_REGION}, the execution role).
 */
final class FleetEnvironment {
  private FleetEnvironment() {}

  /** Where the data lives and what a slot is: every scheduled function. */
  private static Map<String, String> scheduled(DeploymentSettings s, int shards) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PROBEFLEET_HOME_REGION", s.homeRegion());
    env.put("PROBEFLEET_STORE_TABLE_PREFIX", s.names().prefix());
    env.put("PROBEFLEET_INTERVAL", DeploymentSettings.seconds(s.interval()));
    env.put("PROBEFLEET_SHARDS", Integer.toString(shards));
    // The dashboard and the alarms read this namespace: set it, so they cannot disagree.
    env.put("PROBEFLEET_METRICS_NAMESPACE", s.metricsNamespace());
    return env;
  }

  /** A probe region's function: the home tables, the period and the probe shards. */
  static Map<String, String> probe(DeploymentSettings s) {
    return Map.copyOf(scheduled(s, s.shards()));
  }

  /** The analyzer: also the topic, the regions to expect and the grace period. */
  static Map<String, String> analyzer(DeploymentSettings s, String topicArn) {
    Map<String, String> env = scheduled(s, s.analyzerShards());
    env.put("PROBEFLEET_ALERTS_TOPIC_ARN", topicArn);
    env.put("PROBEFLEET_ANALYZER_EXPECTED_REGIONS", String.join(",", s.regions()));
    env.put("PROBEFLEET_ANALYZER_GRACE", DeploymentSettings.seconds(s.grace()));
    return Map.copyOf(env);
  }

  /** The query API: where the tables are. */
  static Map<String, String> api(DeploymentSettings s) {
    return Map.of(
        "PROBEFLEET_HOME_REGION", s.homeRegion(),
        "PROBEFLEET_STORE_TABLE_PREFIX", s.names().prefix());
  }
}
