package dev.probefleet.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InvocationDeadlineTest {
  private static final Instant NOW = Instant.parse("2026-11-24T09:01:00.400Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void isTheRemainingTimeMinusTheMargin() {
    FakeLambdaContext context = new FakeLambdaContext("probe", 512, Duration.ofSeconds(50), clock);

    assertThat(InvocationDeadline.of(context, Duration.ofSeconds(2), clock))
        .isEqualTo(NOW.plusSeconds(48));
  }

  @Test
  void leavesAtLeastASecondToReport() {
    FakeLambdaContext context = new FakeLambdaContext("probe", 512, Duration.ofMillis(1500), clock);

    assertThat(InvocationDeadline.of(context, Duration.ofSeconds(2), clock))
        .isEqualTo(NOW.plusSeconds(1));
  }

  @Test
  void withoutAContextTakesAMinute() {
    assertThat(InvocationDeadline.of(null, Duration.ofSeconds(2), clock))
        .isEqualTo(NOW.plusSeconds(58));
  }
}
