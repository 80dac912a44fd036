package dev.probefleet.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
  private final List<String> ran = new ArrayList<>();
  private final List<Duration> budgets = new ArrayList<>();

  private Primer primer(String name, boolean atInit, boolean fails) {
    return new Primer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void prime() {
        ran.add(name);
        if (fails) {
          throw new IllegalStateException(name + " broke");
        }
      }

      @Override
      public void prime(Duration budget) {
        budgets.add(budget);
        prime();
      }

      @Override
      public boolean atInit() {
        return atInit;
      }
    };
  }

  @Test
  void atInitPrimingGetsWhatIsLeftOfLambdasTenSecondInitPhase() {
    SnapStartPriming priming =
        new SnapStartPriming(
            List.of(primer("probe client", true, false)),
            new LambdaConfiguration(Duration.ofSeconds(2), true, Duration.ofSeconds(10)),
            () -> Duration.ofMillis(2_500));

    assertThat(priming.primeAtInit()).containsExactly("probe client");
    // 10 s less the 1 s kept for the rest of the init, less the 2.5 s the process has run.
    assertThat(budgets)
        .singleElement()
        .satisfies(
            b -> assertThat(b).isBetween(Duration.ofMillis(6_400), Duration.ofMillis(6_500)));
  }

  @Test
  void aProcessThatUsedUpItsInitPhaseStartsUnprimedRatherThanRunOver() {
    SnapStartPriming priming =
        new SnapStartPriming(
            List.of(primer("probe client", true, false), primer("sdk", false, false)),
            new LambdaConfiguration(Duration.ofSeconds(2), true, Duration.ofSeconds(10)),
            () -> Duration.ofMillis(8_600));

    assertThat(priming.primeAtInit()).isEmpty();
    assertThat(ran).isEmpty();

    // Before a snapshot there is no such limit: everything is primed, in full.
    priming.beforeCheckpoint(null);
    assertThat(ran).containsExactly("probe client", "sdk");
    assertThat(budgets).isEmpty();
  }

  @Test
  void primesAtInitOnlyWhatMustBeExactFromTheFirstInvocation() {
    SnapStartPriming priming =
        new SnapStartPriming(
            List.of(primer("probe client", true, false), primer("sdk", false, false)),
            new LambdaConfiguration(Duration.ofSeconds(2), true, Duration.ofMinutes(15)));
    assertThat(ran).as("nothing before the function asks").isEmpty();

    assertThat(priming.primeAtInit()).containsExactly("probe client");
    assertThat(ran).containsExactly("probe client");
    assertThat(priming.primeAtInit()).as("once").containsExactly("probe client");
    assertThat(ran).containsExactly("probe client");
    assertThat(priming.primedAtInit()).containsExactly("probe client");
  }

  @Test
  void primesEverythingBeforeASnapshot() {
    SnapStartPriming priming =
        new SnapStartPriming(
            List.of(primer("probe client", true, false), primer("sdk", false, false)),
            new LambdaConfiguration(Duration.ofSeconds(2), false, Duration.ofMinutes(15)));

    priming.beforeCheckpoint(null);

    assertThat(ran).containsExactly("probe client", "sdk");
    assertThat(priming.checkpoints()).isEqualTo(1);
  }

  @Test
  void aPrimerThatFailsDoesNotStopTheOthersNorTheFunction() {
    SnapStartPriming priming =
        new SnapStartPriming(
            List.of(primer("broken", true, true), primer("sdk", false, false)),
            new LambdaConfiguration(Duration.ofSeconds(2), true, Duration.ofMinutes(15)));
    assertThat(priming.primeAtInit()).isEmpty();

    priming.beforeCheckpoint(null);

    assertThat(ran).containsExactly("broken", "broken", "sdk");
  }

  /** The context a function starts builds the priming with every primer of the support module. */
  @Test
  void theFunctionsContextRegistersThePriming() {
    try (ApplicationContext context =
        LambdaContexts.builder(Map.of("probefleet.lambda.prime-at-init", false)).start()) {
      SnapStartPriming priming = context.getBean(SnapStartPriming.class);

      assertThat(priming.primers())
          .extracting(Primer::name)
          .contains("AWS SDK (DynamoDB, SNS)", "JSON (event and result)");
      assertThat(context.getEnvironment().getActiveNames()).contains("function", "lambda");
    }
  }

  /**
   * The runtime reads events through this mapper: without a JsonMapper the function cannot start.
   */
  @Test
  void theJsonPathPrimes() {
    new JsonPrimer().prime();
  }
}
