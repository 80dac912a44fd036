package dev.probefleet.infra;

import dev.probefleet.definitions.ResourceNames;
import dev.probefleet.definitions.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.FilterOrPolicy;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sns.subscriptions.UrlSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The alert topic ({@link Topics#ALERTS}, {@code <prefix>-alerts}) and the subscriptions the
 * context asks for, each with its filter policy (README "Subscribing to alerts"). Encrypted with
 * SNS's AWS managed key (the analyzer publishes through SNS, which the key's policy allows for the
 * account's principals) and reachable over TLS only. An SQS subscription gets a queue of this
 * stack's, encrypted, TLS-only, with a dead-letter queue for messages its consumer cannot handle.
 */
final class AlertTopic extends Construct {

  private final Topic topic;
  private Queue queue;

  AlertTopic(Construct scope, String id, ResourceNames names, List<AlertSubscription> wanted) {
    super(scope, id);
    topic =
        Topic.Builder.create(this, "Topic")
            .topicName(names.topic(Topics.ALERTS))
            .displayName("probefleet alerts")
            .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
            .enforceSsl(true)
            .build();
    for (AlertSubscription s : wanted) {
      switch (s.protocol()) {
        case EMAIL -> {
          EmailSubscription.Builder email = EmailSubscription.Builder.create(s.endpoint().get());
          filter(s).ifPresent(email::filterPolicy);
          body(s).ifPresent(email::filterPolicyWithMessageBody);
          topic.addSubscription(email.build());
        }
        case HTTPS -> {
          UrlSubscription.Builder url =
              UrlSubscription.Builder.create(s.endpoint().get())
                  .protocol(SubscriptionProtocol.HTTPS)
                  .rawMessageDelivery(s.rawDelivery());
          filter(s).ifPresent(url::filterPolicy);
          body(s).ifPresent(url::filterPolicyWithMessageBody);
          topic.addSubscription(url.build());
        }
        case SQS -> {
          Queue deadLetters =
              Queue.Builder.create(this, "QueueDeadLetters")
                  .queueName(names.prefix() + "-alerts-dead-letters")
                  .encryption(QueueEncryption.SQS_MANAGED)
                  .enforceSsl(true)
                  .retentionPeriod(Duration.days(14))
                  .build();
          queue =
              Queue.Builder.create(this, "Queue")
                  .queueName(names.prefix() + "-alerts")
                  .encryption(QueueEncryption.SQS_MANAGED)
                  .enforceSsl(true)
                  .retentionPeriod(Duration.days(4))
                  .deadLetterQueue(
                      DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(5).build())
                  .build();
          SqsSubscription.Builder sqs =
              SqsSubscription.Builder.create(queue).rawMessageDelivery(s.rawDelivery());
          filter(s).ifPresent(sqs::filterPolicy);
          body(s).ifPresent(sqs::filterPolicyWithMessageBody);
          topic.addSubscription(sqs.build());
          CfnOutput.Builder.create(this, "QueueUrl")
              .description("the queue subscribed to the alerts")
              .value(queue.getQueueUrl())
              .build();
        }
      }
    }
    CfnOutput.Builder.create(this, "TopicArn")
        .description("subscribe here: aws sns subscribe --topic-arn …")
        .value(topic.getTopicArn())
        .build();
  }

  Topic topic() {
    return topic;
  }

  Optional<Queue> queue() {
    return Optional.ofNullable(queue);
  }

  private static Optional<Map<String, SubscriptionFilter>> filter(AlertSubscription s) {
    if (s.filterPolicy().isEmpty()
        || s.scope() != AlertSubscription.FilterScope.MESSAGE_ATTRIBUTES) {
      return Optional.empty();
    }
    Map<String, SubscriptionFilter> policy = new LinkedHashMap<>();
    s.filterPolicy().forEach((k, v) -> policy.put(k, strings(v)));
    return Optional.of(policy);
  }

  private static Optional<Map<String, FilterOrPolicy>> body(AlertSubscription s) {
    if (s.filterPolicy().isEmpty() || s.scope() != AlertSubscription.FilterScope.MESSAGE_BODY) {
      return Optional.empty();
    }
    Map<String, FilterOrPolicy> policy = new LinkedHashMap<>();
    s.filterPolicy().forEach((k, v) -> policy.put(k, FilterOrPolicy.filter(strings(v))));
    return Optional.of(policy);
  }

  private static SubscriptionFilter strings(List<String> values) {
    return SubscriptionFilter.stringFilter(StringConditions.builder().allowlist(values).build());
  }
}
