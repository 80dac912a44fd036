package dev.probefleet.aws.sns;

import static dev.probefleet.aws.sns.SnsFailuresTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.probefleet.alert.Alert;
import dev.probefleet.aws.Alerts;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.PublishException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** What the publisher sends, and what it refuses to send, without SNS (a recording client). */
class SnsAlertPublisherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:probefleet-alerts";
  private static final AlertMessage OPENED =
      Alerts.message(
          "shop",
          TransitionKind.OPENED,
          Layer.ORIGIN,
          Cause.CONNECTION_REFUSED,
          Severity.PAGE,
          "eu-west-1",
          "us-east-1");

  private final FakeSns sns = new FakeSns();
  private final SnsAlertPublisher publisher =
      new SnsAlertPublisher(
          sns,
          TOPIC,
          new Retrier(Clock.systemUTC(), Duration.ofMillis(1), Duration.ofMillis(1), d -> {}));

  private static Instant later() {
    return Instant.now().plusSeconds(30);
  }

  @Test
  void theBodyIsTheAlertsJsonDocumentInTheStringStructureWithItsFilterAttributes()
      throws Exception {
    assertThat(publisher.publish(OPENED, later())).isEqualTo("message-1");

    PublishRequest sent = sns.requests().get(0);
    assertThat(sent.topicArn()).isEqualTo(TOPIC);
    assertThat(sent.messageStructure())
        .as("SNS delivers message attributes only with the String structure")
        .isNull();
    assertThat(sent.message()).isEqualTo(OPENED.json());
    assertThat(sent.subject()).isEqualTo(OPENED.subject()).hasSizeLessThan(100);
    JsonNode body = JSON.readTree(sent.message());
    assertThat(body.get("alertId").asText()).isEqualTo(OPENED.alertId());
    assertThat(body.get("text")).extracting(JsonNode::asText).startsWith("OPENED - PAGE - shop");

    Map<String, MessageAttributeValue> attributes = sent.messageAttributes();
    assertThat(attributes.keySet())
        .containsExactly("target", "layer", "cause", "severity", "state", "alertId", "regions");
    assertThat(attributes.get("regions").dataType()).isEqualTo("String.Array");
    assertThat(attributes.get("regions").stringValue()).isEqualTo("[\"eu-west-1\",\"us-east-1\"]");
    assertThat(attributes.get("alertId").stringValue()).isEqualTo(OPENED.alertId());
    assertThat(attributes.get("severity").stringValue()).isEqualTo("PAGE");
    assertThat(attributes.values())
        .filteredOn(v -> !v.equals(attributes.get("regions")))
        .allSatisfy(v -> assertThat(v.dataType()).isEqualTo("String"))
        .allSatisfy(v -> assertThat(v.stringValue()).isNotEmpty());
  }

  @Test
  void anAlertKeptInTheOutboxByAnOlderVersionGetsItsSubjectAndTextAdded() throws Exception {
    AlertMessage old =
        new AlertMessage(
            "01OLD-1",
            "[PAGE] shop: OPENED ORIGIN CONNECTION_REFUSED [01OLD-1]",
            "OPENED - PAGE - shop\nORIGIN / CONNECTION_REFUSED\n",
            "{\"schemaVersion\":1,\"alertId\":\"01OLD-1\",\"layer\":\"ORIGIN\"}",
            Map.of("layer", "ORIGIN", "regions", "us-east-1"),
            List.of("us-east-1"));

    publisher.publish(old, later());

    JsonNode body = JSON.readTree(sns.requests().get(0).message());
    assertThat(body.get("alertId").asText()).isEqualTo("01OLD-1");
    assertThat(body.get("layer").asText()).isEqualTo("ORIGIN");
    assertThat(body.get("subject").asText()).isEqualTo(old.subject());
    assertThat(body.get("text"))
        .extracting(JsonNode::asText)
        .containsExactly("OPENED - PAGE - shop", "ORIGIN / CONNECTION_REFUSED");
    assertThat(sns.requests().get(0).messageAttributes().get("regions").dataType())
        .as("the stored comma-joined regions are not sent; the list is")
        .isEqualTo("String.Array");
  }

  @Test
  void aMessageOverSnssLimitWithItsAttributesIsRefusedPermanentlyAndNeverSent() {
    // the body alone is under 256 KB; its subject and attributes take it over
    String json = "{\"alertId\":\"01BIG-1\",\"subject\":\"s\",\"text\":[],\"pad\":\"%s\"}";
    String body = json.formatted("x".repeat(Alert.SNS_MESSAGE_LIMIT_BYTES - json.length()));
    assertThat(body.length()).isLessThanOrEqualTo(Alert.SNS_MESSAGE_LIMIT_BYTES);
    AlertMessage big = withJson(OPENED, body);

    PublishException e =
        catchThrowableOfType(PublishException.class, () -> publisher.publish(big, later()));

    assertThat(e.permanent()).isTrue();
    assertThat(e).hasMessageContaining("over SNS's limit of 262144");
    assertThat(sns.requests()).isEmpty();
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsRefusedPermanentlyRatherThanSent() {
    for (String json : List.of("{\"alertId\": \"01BAD-1\", \"text\": [\"cut he", "[1, 2]")) {
      PublishException e =
          catchThrowableOfType(
              PublishException.class, () -> publisher.publish(withJson(OPENED, json), later()));
      assertThat(e.permanent()).as(json).isTrue();
    }
    assertThat(sns.requests()).isEmpty();
  }

  @Test
  void moreThanTenAttributesAreRefusedPermanently() {
    Map<String, String> many = new LinkedHashMap<>(OPENED.attributes());
    IntStream.range(0, 4).forEach(i -> many.put("extra" + i, "x"));
    AlertMessage crowded =
        new AlertMessage(
            OPENED.alertId(),
            OPENED.subject(),
            OPENED.text(),
            OPENED.json(),
            many,
            OPENED.regions());

    PublishException e =
        catchThrowableOfType(PublishException.class, () -> publisher.publish(crowded, later()));

    assertThat(e.permanent()).isTrue();
    assertThat(e).hasMessageContaining("11 message attributes");
    assertThat(sns.requests()).isEmpty();
  }

  @Test
  void emptyValuesAndNoRegionsStillMakeAMessageSnsAccepts() {
    Map<String, String> attributes = new LinkedHashMap<>(OPENED.attributes());
    attributes.put("cause", "");
    AlertMessage odd =
        new AlertMessage(
            OPENED.alertId(),
            "line one\nline two \u2014 " + "long ".repeat(40),
            OPENED.text(),
            OPENED.json(),
            attributes,
            List.of());

    publisher.publish(odd, later());

    PublishRequest sent = sns.requests().get(0);
    assertThat(sent.messageAttributes().get("cause").stringValue()).isEqualTo("-");
    assertThat(sent.messageAttributes()).doesNotContainKey("regions");
    assertThat(sent.subject()).hasSizeLessThan(100).matches("[\\x20-\\x7e]+");
  }

  @Test
  void aMessageSnsRefusesIsPermanentAndTriedOnce() {
    sns.failing(refusal(400, "InvalidParameter", "Invalid parameter: Message too long"));

    PublishException e =
        catchThrowableOfType(PublishException.class, () -> publisher.publish(OPENED, later()));

    assertThat(e.permanent()).isTrue();
    assertThat(e).hasMessageContaining("sending it again cannot help");
    assertThat(sns.requests()).hasSize(1);
  }

  @Test
  void aMissingPermissionIsTransientSoTheAlertWaitsForTheFix() {
    sns.failing(refusal(403, "AuthorizationError", "not authorized to perform SNS:Publish"));

    PublishException e =
        catchThrowableOfType(PublishException.class, () -> publisher.publish(OPENED, later()));

    assertThat(e.permanent()).isFalse();
    assertThat(e).hasMessageContaining("a later attempt can succeed");
  }

  @Test
  void throttlingAndIoErrorsAreRetriedUntilTheyPass() {
    sns.failing(
        refusal(400, "Throttling", "Rate exceeded"),
        SdkClientException.create("connection reset", new IOException("reset")),
        refusal(500, "InternalError", "internal error"));

    assertThat(publisher.publish(OPENED, later())).isEqualTo("message-4");
    assertThat(sns.requests()).hasSize(4);
  }

  @Test
  void serverErrorsUntilTheDeadlineAreTransient() {
    RuntimeException[] errors = new RuntimeException[50];
    Arrays.fill(errors, refusal(503, "ServiceUnavailable", "unavailable"));
    sns.failing(errors);

    PublishException e =
        catchThrowableOfType(
            PublishException.class, () -> publisher.publish(OPENED, Instant.now()));

    assertThat(e.permanent()).isFalse();
    assertThat(e.getCause()).isInstanceOf(Retrier.DeadlineExceeded.class);
  }

  private static AlertMessage withJson(AlertMessage m, String json) {
    return new AlertMessage(m.alertId(), m.subject(), m.text(), json, m.attributes(), m.regions());
  }
}
