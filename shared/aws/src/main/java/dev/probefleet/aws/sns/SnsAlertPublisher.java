package dev.probefleet.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.notify.PublishException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes to a standard SNS topic with {@code MessageStructure=json}: readable text for email
 * (and as the default), the JSON document for SQS, Lambda and HTTP(S) subscribers. Every message
 * carries the filterable attributes and its {@code alertId}; SNS may deliver twice, so subscribers
 * de-duplicate on it.
 */
public final class SnsAlertPublisher implements AlertPublisher {
  private static final ObjectMapper JSON = new ObjectMapper();
  // SNS: subject up to 100 printable ASCII characters, no line breaks.
  private static final int SUBJECT_LIMIT = 100;

  private final SnsClient sns;
  private final String topicArn;
  private final Retrier retrier;

  public SnsAlertPublisher(SnsClient sns, String topicArn, Retrier retrier) {
    this.sns = Objects.requireNonNull(sns, "sns");
    this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
  }

  @Override
  public String publish(AlertMessage alert, Instant deadline) {
    String message = structured(alert);
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    alert.attributes().forEach((name, value) -> attributes.put(name, string(value)));
    attributes.put("alertId", string(alert.alertId()));
    if (!alert.regions().isEmpty()) {
      attributes.put(
          "regions",
          MessageAttributeValue.builder()
              .dataType("String.Array")
              .stringValue(array(alert))
              .build());
    }
    try {
      return retrier
          .call(
              "publish " + alert.alertId(),
              deadline,
              () ->
                  sns.publish(
                      b ->
                          b.topicArn(topicArn)
                              .subject(subject(alert.subject()))
                              .messageStructure("json")
                              .message(message)
                              .messageAttributes(attributes)))
          .messageId();
    } catch (RuntimeException e) {
      throw new PublishException(
          "alert " + alert.alertId() + " not published: " + e.getMessage(), e);
    }
  }

  static String subject(String subject) {
    String ascii = subject.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E]", "-").trim();
    return ascii.length() <= SUBJECT_LIMIT ? ascii : ascii.substring(0, SUBJECT_LIMIT - 1) + "~";
  }

  private static String structured(AlertMessage alert) {
    ObjectNode node = JSON.createObjectNode();
    node.put("default", alert.text());
    node.put("email", alert.text());
    node.put("email-json", alert.json());
    node.put("sqs", alert.json());
    node.put("lambda", alert.json());
    node.put("http", alert.json());
    node.put("https", alert.json());
    node.put("firehose", alert.json());
    return write(node);
  }

  private static String array(AlertMessage alert) {
    var array = JSON.createArrayNode();
    alert.regions().forEach(array::add);
    return write(array);
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageAttributeValue string(String value) {
    // SNS refuses empty attribute values.
    return MessageAttributeValue.builder()
        .dataType("String")
        .stringValue(value.isEmpty() ? "-" : value)
        .build();
  }
}
