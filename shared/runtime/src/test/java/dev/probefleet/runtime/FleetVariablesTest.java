package dev.probefleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetVariablesTest {

  @Test
  void everyConfigurationRecordsComponentIsAVariable() {
    Map<String, String> all = FleetVariables.all();
    assertThat(all)
        .containsEntry("PROBEFLEET_STORE_TABLE_PREFIX", "probefleet.store.table-prefix")
        .containsEntry("PROBEFLEET_HOME_REGION", "probefleet.home-region")
        .containsEntry("PROBEFLEET_ALERTS_TOPIC_ARN", "probefleet.alerts.topic-arn")
        .containsEntry(
            "PROBEFLEET_ANALYZER_EXPECTED_REGIONS", "probefleet.analyzer.expected-regions")
        .containsEntry("PROBEFLEET_API_TOKEN_KEY", "probefleet.api.token-key")
        .containsEntry(
            "PROBEFLEET_PROBE_MAX_OPEN_CONNECTIONS", "probefleet.probe.max-open-connections");
    assertThat(all.keySet()).allMatch(v -> v.matches("PROBEFLEET_[A-Z0-9_]+"));
    assertThat(all).doesNotContainKey("PROBEFLEET_STORE_TABLEPREFIX");
  }
}
