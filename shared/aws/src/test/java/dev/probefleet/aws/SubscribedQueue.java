package dev.probefleet.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An SQS queue subscribed to the alerts topic, as an alert consumer would run one. */
public final class SubscribedQueue {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqsClient sqs;
  private final String url;

  private SubscribedQueue(SqsClient sqs, String url) {
    this.sqs = sqs;
    this.url = url;
  }

  /**
   * Creates a queue and subscribes it.
   *
   * @param raw raw message delivery: the body is the alert itself, not SNS's envelope
   * @param filterPolicy a subscription filter policy on message attributes, or null
   */
  public static SubscribedQueue subscribe(
      SqsClient sqs,
      SnsClient sns,
      String topicArn,
      String name,
      boolean raw,
      String filterPolicy) {
    return subscribe(sqs, sns, topicArn, name, raw, filterPolicy, null);
  }

  /**
   * Creates a queue and subscribes it with a filter policy of the given scope.
   *
   * @param raw raw message delivery: the body is the alert itself, not SNS's envelope
   * @param filterPolicy a subscription filter policy, or null
   * @param filterPolicyScope {@code MessageAttributes} or {@code MessageBody}; null for SNS's
   *     default (MessageAttributes)
   */
  public static SubscribedQueue subscribe(
      SqsClient sqs,
      SnsClient sns,
      String topicArn,
      String name,
      boolean raw,
      String filterPolicy,
      String filterPolicyScope) {
    String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
    String arn =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String policy =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",\
        "Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
            .formatted(arn, topicArn);
    sqs.setQueueAttributes(
        b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    Map<String, String> attributes = new HashMap<>();
    attributes.put("RawMessageDelivery", Boolean.toString(raw));
    if (filterPolicy != null) {
      attributes.put("FilterPolicy", filterPolicy);
    }
    if (filterPolicyScope != null) {
      attributes.put("FilterPolicyScope", filterPolicyScope);
    }
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn).attributes(attributes));
    return new SubscribedQueue(sqs, url);
  }

  /**
   * Receives until {@code expected} messages arrived (or 20 s passed), then listens 2 s more for
   * any message beyond them; deletes what it received.
   */
  public List<String> receive(int expected) {
    return receiveMessages(expected).stream().map(Message::body).toList();
  }

  /**
   * As {@link #receive}, the SQS messages with their SQS message attributes (which raw message
   * delivery fills from the SNS message attributes).
   */
  public List<Message> receiveMessages(int expected) {
    return receiveMessages(expected, Duration.ofSeconds(2));
  }

  /**
   * As {@link #receive}, listening {@code listenAfter} for messages beyond the expected ones (moto
   * delivers to SQS within the Publish call, so a short wait suffices once every publication
   * returned).
   */
  public List<String> receive(int expected, Duration listenAfter) {
    return receiveMessages(expected, listenAfter).stream().map(Message::body).toList();
  }

  private List<Message> receiveMessages(int expected, Duration listenAfter) {
    List<Message> messages = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (messages.size() < expected && System.nanoTime() < deadline) {
      messages.addAll(poll(1));
    }
    long extra = System.nanoTime() + listenAfter.toNanos();
    while (System.nanoTime() < extra) {
      messages.addAll(poll(1));
    }
    return messages;
  }

  private List<Message> poll(int waitSeconds) {
    List<Message> messages =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(waitSeconds)
                        .messageAttributeNames("All"))
            .messages();
    for (Message m : messages) {
      sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
    }
    return messages;
  }

  /** A message body as JSON. */
  public static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }
}
