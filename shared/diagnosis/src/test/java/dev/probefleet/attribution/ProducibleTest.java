package dev.probefleet.attribution;

import static dev.probefleet.model.FailureClass.CONNECTION_REFUSED;
import static dev.probefleet.model.FailureClass.CONNECT_TIMEOUT;
import static dev.probefleet.model.FailureClass.DNS_FAILURE;
import static dev.probefleet.model.FailureClass.PREMATURE_CLOSE;
import static dev.probefleet.model.FailureClass.RESPONSE_TIMEOUT;
import static dev.probefleet.model.FailureClass.TLS_HANDSHAKE_FAILED;
import static dev.probefleet.scenario.Pages.haproxy502;
import static dev.probefleet.scenario.Pages.haproxy503;
import static dev.probefleet.scenario.Pages.haproxy504;
import static dev.probefleet.scenario.Pages.nginx502;
import static dev.probefleet.scenario.Sample.fails;
import static dev.probefleet.scenario.Sample.ok;
import static dev.probefleet.scenario.Sample.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.model.Layer;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.Severity;
import dev.probefleet.scenario.Sample;
import dev.probefleet.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every combination of a dozen path outcomes over every path configuration: each verdict and
 * finding is a (layer, cause) pair the runbook knows, and the invariants of a verdict hold.
 */
class ProducibleTest {
  private static final List<Supplier<Sample[]>> OUTCOMES =
      List.of(
          () -> new Sample[] {ok()},
          () -> new Sample[] {nginx502()},
          () -> new Sample[] {haproxy503()},
          () -> new Sample[] {haproxy502()},
          () -> new Sample[] {haproxy504().ttfbMs(500)},
          () -> new Sample[] {status(500)},
          () -> new Sample[] {status(404)},
          () -> new Sample[] {fails(CONNECTION_REFUSED)},
          () -> new Sample[] {fails(CONNECT_TIMEOUT)},
          () -> new Sample[] {fails(DNS_FAILURE)},
          () -> new Sample[] {fails(PREMATURE_CLOSE).ttfbMs(800)},
          () -> new Sample[] {fails(RESPONSE_TIMEOUT).ttfbMs(5000)},
          () -> new Sample[] {fails(TLS_HANDSHAKE_FAILED)},
          () -> AttributionTableTest.burst(3, ok(), 1, nginx502()));

  /** Fewer outcomes for the four-path chain, keeping those that matter to several instances. */
  private static final List<Supplier<Sample[]>> FEWER =
      List.of(
          OUTCOMES.get(0),
          OUTCOMES.get(1),
          OUTCOMES.get(2),
          OUTCOMES.get(7),
          OUTCOMES.get(8),
          OUTCOMES.get(9),
          OUTCOMES.get(13));

  @Test
  void everyVerdictIsAPairTheRunbookKnows() {
    List<Verdict> verdicts = new ArrayList<>();
    List<List<PathKind>> configs =
        List.of(
            List.of(PathKind.CDN, PathKind.LB, PathKind.ORIGIN),
            List.of(PathKind.CDN, PathKind.LB, PathKind.ORIGIN, PathKind.ORIGIN),
            List.of(PathKind.CDN, PathKind.LB),
            List.of(PathKind.CDN, PathKind.ORIGIN),
            List.of(PathKind.LB, PathKind.ORIGIN),
            List.of(PathKind.CDN),
            List.of(PathKind.ORIGIN));
    for (List<PathKind> config : configs) {
      combine(config, 0, new ArrayList<>(), verdicts);
    }
    assertThat(verdicts).hasSize(2744 + 2401 + 3 * 196 + 2 * 14);
    for (Verdict v : verdicts) {
      assertThat(Attribution.producible().get(v.layer())).as(v.summary()).contains(v.cause());
      for (Finding f : v.findings()) {
        assertThat(Attribution.producible().get(f.layer())).as(f.summary()).contains(f.cause());
        assertThat(f.severity()).isNotEqualTo(Severity.PAGE);
      }
      assertThat(v.summary()).isNotBlank().doesNotContain("null");
      assertThat(v.candidates().isEmpty()).isEqualTo(v.layer() != Layer.INCONCLUSIVE);
      boolean anyFailing = v.evidence().paths().stream().anyMatch(PathEvidence::failing);
      assertThat(v.healthy()).as(v.summary()).isEqualTo(!anyFailing);
    }
  }

  private static void combine(
      List<PathKind> config, int index, List<Sample[]> chosen, List<Verdict> out) {
    if (index == config.size()) {
      Scenario s = Scenario.paths(config.toArray(PathKind[]::new));
      for (int i = 0; i < config.size(); i++) {
        switch (config.get(i)) {
          case CDN -> s.cdn(chosen.get(i));
          case LB -> s.lb(chosen.get(i));
          case ORIGIN -> s.origin(chosen.get(i));
        }
      }
      out.add(s.verdict());
      return;
    }
    for (Supplier<Sample[]> outcome : config.size() > 3 ? FEWER : OUTCOMES) {
      chosen.add(outcome.get());
      combine(config, index + 1, chosen, out);
      chosen.remove(chosen.size() - 1);
    }
  }
}
