package dev.probefleet.aws.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

class AttemptDeadlineTest {
  private static final Instant NOW = Instant.parse("2026-11-24T09:01:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Retrier retrier =
      new Retrier(clock, Duration.ofMillis(1), Duration.ofMillis(1), d -> {});
  private final GetItemRequest request = GetItemRequest.builder().tableName("t").build();

  private static Optional<Duration> attemptTimeout(GetItemRequest r) {
    return r.overrideConfiguration()
        .flatMap(AwsRequestOverrideConfiguration::apiCallAttemptTimeout);
  }

  @Test
  void outsideARetriedCallTheRequestIsUntouched() {
    assertThat(AttemptDeadline.bound(request, clock, Optional.of(Duration.ofSeconds(10))))
        .isSameAs(request);
  }

  @Test
  void anAttemptIsCutToTheTimeLeftBeforeTheCallersDeadline() {
    GetItemRequest bound =
        retrier.call(
            "get",
            NOW.plusSeconds(3),
            () -> AttemptDeadline.bound(request, clock, Optional.of(Duration.ofSeconds(10))));

    assertThat(attemptTimeout(bound)).contains(Duration.ofSeconds(3));
    assertThat(bound.tableName()).isEqualTo("t");
  }

  @Test
  void theClientsOwnShorterTimeoutStands() {
    GetItemRequest bound =
        retrier.call(
            "get",
            NOW.plusSeconds(30),
            () -> AttemptDeadline.bound(request, clock, Optional.of(Duration.ofSeconds(10))));

    assertThat(bound).isSameAs(request);
  }

  @Test
  void aPassedDeadlineLeavesAnAttemptNoTime() {
    GetItemRequest bound =
        retrier.call(
            "get",
            NOW.minusSeconds(1),
            () -> AttemptDeadline.bound(request, clock, Optional.of(Duration.ofSeconds(10))));

    assertThat(attemptTimeout(bound)).contains(Duration.ofMillis(1));
  }

  @Test
  void nestedCallsKeepTheEarlierDeadlineAndRestoreTheOuterOne() {
    retrier.call(
        "outer",
        NOW.plusSeconds(5),
        () -> {
          retrier.call(
              "inner",
              NOW.plusSeconds(60),
              () -> {
                assertThat(AttemptDeadline.current()).contains(NOW.plusSeconds(5));
                return null;
              });
          assertThat(AttemptDeadline.current()).contains(NOW.plusSeconds(5));
          return null;
        });

    assertThat(AttemptDeadline.current()).isEmpty();
  }
}
