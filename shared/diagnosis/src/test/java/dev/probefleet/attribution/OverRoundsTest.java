package dev.probefleet.attribution;

import static dev.probefleet.model.FailureClass.RESPONSE_TIMEOUT;
import static dev.probefleet.scenario.Pages.haproxy503;
import static dev.probefleet.scenario.Pages.haproxy504;
import static dev.probefleet.scenario.Pages.nginx502;
import static dev.probefleet.scenario.Pages.nginx504;
import static dev.probefleet.scenario.Sample.fails;
import static dev.probefleet.scenario.Sample.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import dev.probefleet.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code diagnose --rounds N}: what at least half of the rounds showed, else the minority fault.
 */
class OverRoundsTest {
  private static final Verdict HEALTHY =
      Scenario.fullChain().cdn(ok()).lb(ok()).origin(ok()).verdict();
  private static final Verdict LB_DOWN =
      Scenario.fullChain().cdn(haproxy503()).lb(haproxy503()).origin(ok()).verdict();
  private static final Verdict LB_TIMEOUT =
      Scenario.fullChain()
          .cdn(nginx504().ttfbMs(510))
          .lb(haproxy504().ttfbMs(500))
          .origin(ok().ttfbMs(2000))
          .verdict();
  private static final Verdict CDN_DOWN =
      Scenario.fullChain().cdn(nginx502()).lb(ok()).origin(ok()).verdict();
  private static final Verdict ORIGIN_HANGS =
      Scenario.fullChain()
          .cdn(fails(RESPONSE_TIMEOUT).ttfbMs(5000))
          .lb(fails(RESPONSE_TIMEOUT).ttfbMs(5000))
          .origin(fails(RESPONSE_TIMEOUT).ttfbMs(5000))
          .verdict();

  @Test
  void aFaultInEveryRoundIsTheVerdictWithRateOne() {
    Verdict v = over(LB_TIMEOUT, LB_TIMEOUT, LB_TIMEOUT);
    assertThat(List.of(v.layer(), v.cause()))
        .containsExactly(Layer.LOAD_BALANCER, Cause.UPSTREAM_TIMEOUT);
    assertThat(v.rate()).isEqualTo(1.0);
    assertThat(v.summary()).endsWith("Seen in all 3 rounds.");
  }

  @Test
  void aFaultInHalfTheRoundsIsTheVerdictWithItsOwnCause() {
    Verdict v = over(HEALTHY, LB_DOWN, HEALTHY, LB_DOWN);
    assertThat(List.of(v.layer(), v.cause()))
        .containsExactly(Layer.LOAD_BALANCER, Cause.UPSTREAM_CONNECT_FAILED);
    assertThat(v.rate()).isCloseTo(0.5, within(1e-9));
    assertThat(v.summary()).endsWith("Seen in 2 of 4 rounds.");
  }

  @Test
  void aFaultInFewerThanHalfTheRoundsIsReportedAsIntermittentAndWarns() {
    Verdict v = over(HEALTHY, HEALTHY, LB_DOWN, HEALTHY);
    assertThat(List.of(v.layer(), v.cause(), v.severity()))
        .containsExactly(Layer.LOAD_BALANCER, Cause.INTERMITTENT_5XX, Severity.WARN);
    assertThat(v.rate()).isCloseTo(0.25, within(1e-9));
    assertThat(v.summary()).endsWith("Seen in 1 of 4 rounds.");
    assertThat(v.actionable()).isFalse(); // diagnose exits 0: degraded, not an outage
  }

  @Test
  void aMinorityFaultBelowHttpKeepsItsClass() {
    Verdict v = over(HEALTHY, ORIGIN_HANGS, HEALTHY);
    assertThat(List.of(v.layer(), v.cause())).containsExactly(Layer.ORIGIN, Cause.RESPONSE_TIMEOUT);
    assertThat(v.rate()).isCloseTo(1.0 / 3, within(1e-9));
  }

  @Test
  void theMostFrequentMinorityFaultWinsAndTheOthersAreFindings() {
    Verdict v = over(LB_DOWN, CDN_DOWN, HEALTHY, HEALTHY, LB_DOWN);
    assertThat(List.of(v.layer(), v.cause()))
        .containsExactly(Layer.LOAD_BALANCER, Cause.INTERMITTENT_5XX);
    assertThat(v.rate()).isCloseTo(0.4, within(1e-9));
    assertThat(v.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.layer()).isEqualTo(Layer.CDN);
              assertThat(f.severity()).isEqualTo(Severity.WARN);
            });
  }

  @Test
  void intermittentBurstsAddUpOverRounds() {
    Verdict burst =
        Scenario.fullChain()
            .cdn(AttributionTableTest.burst(8, ok(), 2, nginx502()))
            .lb(AttributionTableTest.burst(8, ok(), 2, haproxy503()))
            .origin(ok().times(10))
            .verdict();
    Verdict v = over(burst, HEALTHY);
    assertThat(v.cause()).isEqualTo(Cause.INTERMITTENT_5XX);
    assertThat(v.rate()).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void healthyRoundsAreHealthy() {
    Verdict v = over(HEALTHY, HEALTHY, HEALTHY);
    assertThat(v.healthy()).isTrue();
    assertThat(v.summary()).startsWith("Healthy in all 3 rounds.");
    assertThat(over(HEALTHY)).isEqualTo(HEALTHY);
  }

  @Test
  void noRoundsIsAnError() {
    assertThatThrownBy(() -> Attribution.overRounds("shop", List.of()))
        .isInstanceOf(NoRoundsException.class)
        .hasMessage("nothing to attribute for target 'shop': no rounds to combine");
  }

  private static Verdict over(Verdict... rounds) {
    return Attribution.overRounds("shop", List.of(rounds));
  }
}
