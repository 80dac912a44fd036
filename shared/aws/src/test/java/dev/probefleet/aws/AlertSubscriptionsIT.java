package dev.probefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.probefleet.alert.Alert;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.aws.sns.SnsAlertPublisher;
import dev.probefleet.definitions.Topics;
import dev.probefleet.incident.TransitionKind;
import dev.probefleet.localstack.AwsEmulatorExtension;
import dev.probefleet.localstack.EmulatedAws;
import dev.probefleet.model.Cause;
import dev.probefleet.model.Layer;
import dev.probefleet.model.Severity;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.PublishException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Subscribers filtering the alerts topic as the README's "Subscribing to alerts" tells them to, on
 * the emulator: attribute filter policies on a String and on the String.Array {@code regions}
 * attribute, and {@code MessageBody}-scope policies on the JSON document. moto (the default
 * emulator, pinned in localstack/requirements.txt; {@code moto/sns/utils.py FilterPolicyMatcher})
 * implements both scopes, String.Array matching per element and body matching on keys of a JSON
 * object (an array value matches per element). It is lenient where SNS is not: it delivered message
 * attributes even with {@code MessageStructure=json}, checks the message length in characters
 * without the attributes, and does not count attributes — so the size and count guards are tested
 * on the publisher itself ({@code SnsAlertPublisherTest}), and here only that a refused message
 * never arrives.
 */
@ExtendWith(AwsEmulatorExtension.class)
class AlertSubscriptionsIT {

  private static AlertMessage alert(
      String target,
      TransitionKind state,
      Layer layer,
      Cause cause,
      Severity severity,
      String... regions) {
    return Alerts.message(target, state, layer, cause, severity, regions);
  }

  @Test
  void eachSubscriberGetsWhatItsFilterPolicySelectsWithAttributesAndAJsonBody(EmulatedAws aws) {
    String topic = aws.resources().topicArn(Topics.ALERTS);
    String prefix = aws.names().prefix();
    SubscribedQueue pages =
        SubscribedQueue.subscribe(
            aws.sqs(), aws.sns(), topic, prefix + "-pages", false, "{\"severity\": [\"PAGE\"]}");
    SubscribedQueue originOrLbInEurope =
        SubscribedQueue.subscribe(
            aws.sqs(),
            aws.sns(),
            topic,
            prefix + "-origin-lb-eu",
            true,
            "{\"layer\": [\"ORIGIN\", \"LOAD_BALANCER\"], \"regions\": [\"eu-west-1\"]}",
            "MessageAttributes");
    SubscribedQueue openedPagesByBody =
        SubscribedQueue.subscribe(
            aws.sqs(),
            aws.sns(),
            topic,
            prefix + "-body",
            true,
            "{\"severity\": [\"PAGE\"], \"state\": [\"OPENED\"]}",
            "MessageBody");
    SubscribedQueue europeByBody =
        SubscribedQueue.subscribe(
            aws.sqs(),
            aws.sns(),
            topic,
            prefix + "-body-eu",
            true,
            "{\"regions\": [\"eu-west-1\"]}",
            "MessageBody");

    AlertMessage shopOpened =
        alert(
            "shop",
            TransitionKind.OPENED,
            Layer.ORIGIN,
            Cause.CONNECTION_REFUSED,
            Severity.PAGE,
            "eu-west-1",
            "us-east-1");
    AlertMessage blogOpened =
        alert("blog", TransitionKind.OPENED, Layer.CDN, Cause.HTTP_5XX, Severity.PAGE, "us-east-1");
    AlertMessage apiUpdated =
        alert(
            "api",
            TransitionKind.UPDATED,
            Layer.LOAD_BALANCER,
            Cause.UPSTREAM_TIMEOUT,
            Severity.WARN,
            "us-east-1");
    AlertMessage docsOpened =
        alert(
            "docs",
            TransitionKind.OPENED,
            Layer.ORIGIN,
            Cause.INSTANCE_DEGRADED,
            Severity.WARN,
            "eu-west-1");
    AlertMessage shopResolved =
        alert(
            "shop",
            TransitionKind.RESOLVED,
            Layer.ORIGIN,
            Cause.CONNECTION_REFUSED,
            Severity.PAGE,
            "eu-west-1");
    SnsAlertPublisher publisher = new SnsAlertPublisher(aws.sns(), topic, Retrier.standard());
    for (AlertMessage m : List.of(shopOpened, blogOpened, apiUpdated, docsOpened, shopResolved)) {
      publisher.publish(m, Instant.now().plusSeconds(30));
    }

    // (a) attributes, a String: every PAGE, whatever its state; the SNS envelope
    List<JsonNode> envelopes = pages.receive(3).stream().map(SubscribedQueue::json).toList();
    assertThat(envelopes)
        .extracting(e -> SubscribedQueue.json(e.path("Message").asText()).path("alertId").asText())
        .containsExactlyInAnyOrder(
            shopOpened.alertId(), blogOpened.alertId(), shopResolved.alertId());
    for (JsonNode envelope : envelopes) {
      JsonNode attributes = envelope.path("MessageAttributes");
      JsonNode body = SubscribedQueue.json(envelope.path("Message").asText());
      assertThat(attributes.path("alertId").path("Value").asText())
          .as("the alertId attribute and the body agree")
          .isEqualTo(body.path("alertId").asText());
      assertThat(attributes.path("severity").path("Type").asText()).isEqualTo("String");
      assertThat(attributes.path("severity").path("Value").asText()).isEqualTo("PAGE");
      assertThat(attributes.path("regions").path("Type").asText()).isEqualTo("String.Array");
      assertThat(SubscribedQueue.json(attributes.path("regions").path("Value").asText()))
          .extracting(JsonNode::asText)
          .containsExactlyElementsOf(texts(body.path("regions")));
      assertThat(fieldNames(attributes))
          .containsExactlyInAnyOrder(
              "target", "layer", "cause", "severity", "state", "alertId", "regions");
      assertThat(envelope.path("Subject").asText()).isEqualTo(body.path("subject").asText());
      assertThat(body.path("text").isArray()).isTrue();
      assertThat(body.path("text").get(0).asText()).startsWith(body.path("state").asText());
    }

    // (b) attributes, one value of the String.Array and one of two layers: raw delivery
    List<Message> european = originOrLbInEurope.receiveMessages(3);
    assertThat(european)
        .extracting(m -> SubscribedQueue.json(m.body()).path("alertId").asText())
        .containsExactlyInAnyOrder(
            shopOpened.alertId(), docsOpened.alertId(), shopResolved.alertId());
    for (Message m : european) {
      Map<String, MessageAttributeValue> attributes = m.messageAttributes();
      assertThat(attributes.get("regions").dataType()).isEqualTo("String.Array");
      assertThat(attributes.get("regions").stringValue()).contains("\"eu-west-1\"");
      assertThat(attributes.get("layer").stringValue()).isEqualTo("ORIGIN");
      assertThat(attributes.get("alertId").stringValue())
          .isEqualTo(SubscribedQueue.json(m.body()).path("alertId").asText());
      assertThat(attributes).hasSizeLessThanOrEqualTo(10);
    }

    // (c) the message body: top-level keys of the JSON document
    assertThat(openedPagesByBody.receive(2))
        .extracting(b -> SubscribedQueue.json(b).path("alertId").asText())
        .containsExactlyInAnyOrder(shopOpened.alertId(), blogOpened.alertId());

    // (d) the message body's regions array: moto matches each element, as it does for the
    // String.Array attribute (the README prefers the attribute, whose matching SNS documents)
    assertThat(europeByBody.receive(3))
        .extracting(b -> SubscribedQueue.json(b).path("alertId").asText())
        .containsExactlyInAnyOrder(
            shopOpened.alertId(), docsOpened.alertId(), shopResolved.alertId());
  }

  @Test
  void aTargetWithTwoHundredLargeOriginsIsDeliveredTrimmedAndWhole(EmulatedAws aws) {
    String topic = ownTopic(aws, "fleet");
    SubscribedQueue everything =
        SubscribedQueue.subscribe(
            aws.sqs(), aws.sns(), topic, aws.names().prefix() + "-fleet", true, null);
    Alert alert = Alerts.manyOrigins("fleet", 200, 64 * 1024, 512);
    AlertMessage message = AlertMessage.of(alert);

    new SnsAlertPublisher(aws.sns(), topic, Retrier.standard())
        .publish(message, Instant.now().plusSeconds(30));

    List<String> bodies = everything.receive(1);
    assertThat(bodies).singleElement().isEqualTo(message.json());
    int bytes = bodies.get(0).getBytes(StandardCharsets.UTF_8).length;
    System.out.println("200-origin alert as delivered: " + bytes + " bytes");
    assertThat(bytes).isLessThan(Alert.SNS_MESSAGE_LIMIT_BYTES);
    JsonNode body = SubscribedQueue.json(bodies.get(0));
    assertThat(body.path("alertId").asText()).isEqualTo(alert.alertId());
    assertThat(body.path("layer").asText()).isEqualTo(alert.layer().name());
    assertThat(body.path("severity").asText()).isEqualTo("PAGE");
    assertThat(texts(body.path("trimmed")))
        .contains("bodies", "origins: 195 of 200 shown as summary");
  }

  @Test
  void anOversizedMessageIsRefusedPermanentlyAndAMissingTopicIsTransient(EmulatedAws aws) {
    String topic = ownTopic(aws, "sizes");
    SubscribedQueue everything =
        SubscribedQueue.subscribe(
            aws.sqs(), aws.sns(), topic, aws.names().prefix() + "-sizes", true, null);
    AlertMessage normal =
        alert("shop", TransitionKind.OPENED, Layer.CDN, Cause.HTTP_5XX, Severity.PAGE, "us-east-1");
    String huge =
        "{\"alertId\": \"" + normal.alertId() + "\", \"pad\": \"" + "x".repeat(300_000) + "\"}";
    AlertMessage oversized =
        new AlertMessage(
            normal.alertId(),
            normal.subject(),
            normal.text(),
            huge,
            normal.attributes(),
            normal.regions());

    PublishException tooBig =
        catchThrowableOfType(
            PublishException.class,
            () ->
                new SnsAlertPublisher(aws.sns(), topic, Retrier.standard())
                    .publish(oversized, Instant.now().plusSeconds(30)));
    assertThat(tooBig.permanent()).isTrue();
    assertThat(everything.receive(0)).as("nothing was sent, not even a cut copy").isEmpty();

    PublishException noTopic =
        catchThrowableOfType(
            PublishException.class,
            () ->
                new SnsAlertPublisher(aws.sns(), topic + "-deleted", Retrier.standard())
                    .publish(normal, Instant.now().plusSeconds(5)));
    assertThat(noTopic.permanent())
        .as("a missing topic is fixed by configuration; the alert must wait, not be dead-lettered")
        .isFalse();
  }

  /**
   * A topic of this test's own: the class's alerts topic is shared by its tests, and a queue
   * subscribed here would otherwise receive the other tests' alerts.
   */
  private static String ownTopic(EmulatedAws aws, String name) {
    return aws.sns().createTopic(b -> b.name(aws.names().prefix() + "-" + name)).topicArn();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
