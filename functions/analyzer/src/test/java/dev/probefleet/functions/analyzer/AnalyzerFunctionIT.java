package dev.probefleet.functions.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.probefleet.definitions.Topics;
import dev.probefleet.lab.server.Fault;
import dev.probefleet.lab.server.FaultHttpServer;
import dev.probefleet.lab.server.Reply;
import dev.probefleet.lambda.FakeLambdaContext;
import dev.probefleet.lambda.LambdaContexts;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.RoundSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analyzer function as Lambda calls it: the scheduled event, the grace period it waits for, and
 * the invocation's remaining time, which bounds the wait and every read, write and publication.
 */
@ExtendWith(AwsEmulatorExtension.class)
class AnalyzerFunctionIT {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static Map<String, Object> properties(EmulatedAws aws, Map<String, Object> more) {
    Map<String, Object> p = new HashMap<>();
    p.put("probefleet.home-region", aws.emulator().region().id());
    p.put("probefleet.store.kind", "dynamodb");
    p.put("probefleet.store.table-prefix", aws.names().prefix());
    p.put("probefleet.aws.endpoint", aws.emulator().endpoint().toString());
    p.put("probefleet.alerts.topic-arn", aws.resources().topicArn(Topics.ALERTS));
    p.put("probefleet.analyzer.expected-regions", "us-east-1,eu-west-1");
    p.putAll(more);
    return p;
  }

  /** AWS's documented scheduled event, as an EventBridge rule without an input delivers it. */
  private static Map<String, Object> scheduledEvent(Instant time) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "0");
    event.put("id", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
    event.put("detail-type", "Scheduled Event");
    event.put("source", "aws.events");
    event.put("account", "123456789012");
    event.put("time", time.toString());
    event.put("region", "us-east-1");
    event.put(
        "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/probefleet-analyzer"));
    event.put("detail", Map.of());
    return event;
  }

  /**
   * Fired at the start of a period, it analyses the slot just over once that slot's grace period is
   * done: it waits for it.
   */
  @Test
  void waitsForTheGracePeriodOfTheSlotJustOverThenAnalysesIt(EmulatedAws aws) {
    Map<String, Object> props = properties(aws, Map.of("probefleet.analyzer.grace", "3s"));
    try (AnalyzerFunction function = new AnalyzerFunction(LambdaContexts.builder(props))) {
      Instant fired = Instant.now();
      RoundSlot firedIn = RoundSlot.containing(fired, MINUTE);

      Map<String, Object> summary =
          function.handleRequest(
              scheduledEvent(firedIn.start()),
              FakeLambdaContext.withTimeout("probefleet-analyzer", Duration.ofSeconds(50)));

      Duration took = Duration.between(fired, Instant.now());
      Duration graceLeft = Duration.between(fired, firedIn.start().plusSeconds(3));
      assertThat(summary)
          .containsEntry("slot", firedIn.previous().id())
          .containsEntry("complete", true);
      if (graceLeft.isPositive()) {
        assertThat(took).isGreaterThanOrEqualTo(graceLeft.minusMillis(50));
      }
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
  }

  /**
   * With 8 s left and a grace period of 20 s still to wait (a schedule that fired for the coming
   * period, as a clock slightly ahead would deliver), it waits half of what it has — 3 s of the 6 s
   * before the margin — and analyses with what is in, rather than not at all.
   */
  @Test
  void neverWaitsPastHalfItsRemainingTime(EmulatedAws aws) {
    Map<String, Object> props = properties(aws, Map.of("probefleet.analyzer.grace", "20s"));
    try (AnalyzerFunction function = new AnalyzerFunction(LambdaContexts.builder(props))) {
      Instant start = Instant.now();
      RoundSlot coming = RoundSlot.containing(start, MINUTE).next();

      Map<String, Object> summary =
          function.handleRequest(
              Map.of("scheduledTime", coming.start().toString()),
              FakeLambdaContext.withTimeout("probefleet-analyzer", Duration.ofSeconds(8)));

      Duration took = Duration.between(start, Instant.now());
      assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(6));
      assertThat(summary)
          .containsEntry("slot", coming.previous().id())
          .containsEntry("complete", true);
    }
  }

  /**
   * A home-region table that accepts connections and never answers: every read gives up at the
   * invocation's deadline, and the function returns before Lambda would stop it, saying what it
   * could not do.
   */
  @Test
  void itsReadsHonourTheInvocationsDeadline(EmulatedAws aws) {
    try (FaultHttpServer stalled = FaultHttpServer.start(Reply.fault(Fault.NEVER_RESPOND))) {
      Map<String, Object> props =
          properties(
              aws,
              Map.of(
                  "probefleet.store.endpoint",
                  "http://127.0.0.1:" + stalled.port(),
                  "probefleet.aws.attempt-timeout",
                  "2s"));
      try (AnalyzerFunction function = new AnalyzerFunction(LambdaContexts.builder(props))) {
        Instant start = Instant.now();

        Map<String, Object> summary =
            function.handleRequest(
                Map.of("scheduledTime", start.minus(Duration.ofMinutes(5)).toString()),
                FakeLambdaContext.withTimeout("probefleet-analyzer", Duration.ofSeconds(8)));

        assertThat(Duration.between(start, Instant.now()))
            .as("returned before the Lambda timeout")
            .isLessThan(Duration.ofSeconds(8));
        assertThat(summary).containsEntry("complete", false);
        assertThat((List<?>) summary.get("errors")).isNotEmpty();
      }
    }
  }
}
