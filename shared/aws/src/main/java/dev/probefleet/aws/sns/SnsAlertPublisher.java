package dev.probefleet.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.probefleet.alert.Alert;
import dev.probefleet.aws.retry.AttemptDeadline;
import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.notify.AlertMessage;
import dev.probefleet.notify.AlertPublisher;
import dev.probefleet.notify.PublishException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes alerts to a standard SNS topic: one message per alert, in SNS's default (String)
 * message structure, whose body is the alert's JSON document ({@link AlertMessage#json()}) for
 * every protocol, with the filterable message attributes and a subject for e-mail.
 *
 * <p>Why not {@code MessageStructure=json} with a readable text for e-mail: SNS sends message
 * attributes only with the String structure (developer guide, "Amazon SNS message attributes"), so
 * attribute filter policies would match nothing on real SNS. One JSON body also lets subscribers
 * filter on the message body ({@code FilterPolicyScope: MessageBody}); the body carries the
 * readable text as an array of lines for people reading it in an e-mail.
 *
 * <p>Attributes: {@code target layer cause severity state alertId} as {@code String}, {@code
 * regions} as {@code String.Array} (a filter on one region matches an alert concerning several); no
 * more than 10 (SNS discards messages with more for SQS subscriptions with raw delivery). SNS may
 * deliver a message twice: subscribers de-duplicate on {@code alertId}.
 *
 * <p>Failures are told apart ({@link PublishException#permanent()}): a message SNS refuses as such
 * (an invalid parameter, too large) is permanent, and so is a message this class refuses before
 * sending because SNS would (over 256 KB with its attributes, more than 10 attributes, a body that
 * is not a JSON object) — it is never cut to fit, which would send invalid JSON. Throttling, server
 * errors, I/O errors and timeouts are retried until the deadline, then transient; refusals a
 * configuration fix cures (authorization, a missing topic, KMS, credentials) are transient too, so
 * that the alerts wait in the outbox while an operator fixes IAM instead of being dead-lettered.
 */
public final class SnsAlertPublisher implements AlertPublisher {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** SNS: a subject has less than 100 characters, printable, no line breaks. */
  static final int SUBJECT_LIMIT = 99;

  /** SNS discards messages with more attributes for SQS subscriptions with raw delivery. */
  static final int MAX_ATTRIBUTES = 10;

  /** The attribute sent as a {@code String.Array}, from {@link AlertMessage#regions()}. */
  static final String REGIONS = "regions";

  private final SnsClient sns;
  private final String topicArn;
  private final Retrier retrier;
  private final Optional<Duration> attemptTimeout;

  public SnsAlertPublisher(SnsClient sns, String topicArn, Retrier retrier) {
    this.sns = Objects.requireNonNull(sns, "sns");
    this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    this.retrier = Objects.requireNonNull(retrier, "retrier");
    this.attemptTimeout = AttemptDeadline.attemptTimeoutOf(sns);
  }

  @Override
  public String publish(AlertMessage alert, Instant deadline) {
    PublishRequest request = request(alert);
    try {
      return retrier
          .call(
              "publish " + alert.alertId(),
              deadline,
              () -> sns.publish(AttemptDeadline.bound(request, retrier.clock(), attemptTimeout)))
          .messageId();
    } catch (RuntimeException e) {
      boolean permanent = SnsFailures.permanent(e);
      throw new PublishException(
          "alert "
              + alert.alertId()
              + (permanent
                  ? " refused by SNS; sending it again cannot help: "
                  : " not published; a later attempt can succeed: ")
              + e.getMessage(),
          e,
          permanent);
    }
  }

  /**
   * The request for an alert: the topic, the subject, the JSON body, the attributes.
   *
   * @throws PublishException (permanent) when SNS could never accept it
   */
  PublishRequest request(AlertMessage alert) {
    String body = body(alert);
    Map<String, MessageAttributeValue> attributes = attributes(alert);
    String subject = subject(alert.subject());
    long bytes = utf8(body) + utf8(subject);
    for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
      bytes += utf8(a.getKey()) + utf8(a.getValue().dataType()) + utf8(a.getValue().stringValue());
    }
    if (bytes > Alert.SNS_MESSAGE_LIMIT_BYTES) {
      throw refused(
          alert,
          "it is "
              + bytes
              + " bytes with its subject and attributes, over SNS's limit of "
              + Alert.SNS_MESSAGE_LIMIT_BYTES
              + " (render the alert with Alert.json(), which trims evidence to fit)");
    }
    PublishRequest.Builder request =
        PublishRequest.builder().topicArn(topicArn).message(body).messageAttributes(attributes);
    if (!subject.isEmpty()) {
      request.subject(subject);
    }
    return request.build();
  }

  /**
   * The alert's JSON document, as it is when it carries {@code subject} and {@code text}. An alert
   * kept in the outbox by an older version lacks them: they are added (and the document written
   * compact, as that version wrote it), so that an e-mail subscriber still gets the readable text.
   */
  private static String body(AlertMessage alert) {
    JsonNode doc;
    try {
      doc = JSON.readTree(alert.json());
    } catch (JsonProcessingException e) {
      throw refused(alert, "its body is not JSON: " + e.getOriginalMessage());
    }
    if (!(doc instanceof ObjectNode object)) {
      throw refused(alert, "its body is JSON but not an object, which body filter policies need");
    }
    if (object.has("subject") && object.has("text")) {
      return alert.json();
    }
    if (!object.has("subject")) {
      object.put("subject", alert.subject());
    }
    if (!object.has("text")) {
      ArrayNode lines = object.putArray("text");
      alert.text().lines().forEach(lines::add);
    }
    try {
      return JSON.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written back", e);
    }
  }

  private static Map<String, MessageAttributeValue> attributes(AlertMessage alert) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    alert
        .attributes()
        .forEach(
            (name, value) -> {
              if (!name.equals(REGIONS)) {
                attributes.put(name, string(value));
              }
            });
    attributes.put("alertId", string(alert.alertId()));
    if (!alert.regions().isEmpty()) {
      // An empty list is left out rather than sent as "[]": SNS rejects empty values, and a
      // subscriber filtering on a region has nothing to match anyway.
      ArrayNode regions = JSON.createArrayNode();
      alert.regions().forEach(regions::add);
      attributes.put(
          REGIONS,
          MessageAttributeValue.builder()
              .dataType("String.Array")
              .stringValue(regions.toString())
              .build());
    }
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw refused(
          alert,
          "it carries "
              + attributes.size()
              + " message attributes "
              + attributes.keySet()
              + "; SNS discards messages with more than "
              + MAX_ATTRIBUTES
              + " for SQS subscriptions with raw message delivery");
    }
    return attributes;
  }

  private static PublishException refused(AlertMessage alert, String why) {
    return new PublishException("alert " + alert.alertId() + " not sent: " + why, null, true);
  }

  /** One line of printable ASCII, under 100 characters, as SNS wants a subject. */
  static String subject(String subject) {
    String ascii = subject.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E]", "-").trim();
    return ascii.length() <= SUBJECT_LIMIT ? ascii : ascii.substring(0, SUBJECT_LIMIT - 1) + "~";
  }

  private static MessageAttributeValue string(String value) {
    // SNS refuses empty attribute values.
    return MessageAttributeValue.builder()
        .dataType("String")
        .stringValue(value.isEmpty() ? "-" : value)
        .build();
  }

  private static long utf8(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
