package dev.probefleet.aws.sns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * An SNS client that records what it is asked to publish and answers with the failures it was
 * given, in order, then with success. Every other operation is the SDK's default (unsupported).
 */
final class FakeSns implements SnsClient {
  private final List<PublishRequest> requests = new ArrayList<>();
  private final Deque<RuntimeException> failures = new ArrayDeque<>();

  /** The next publications fail with these, one each. */
  FakeSns failing(RuntimeException... next) {
    failures.addAll(List.of(next));
    return this;
  }

  /** Every publish attempt, failed ones included. */
  List<PublishRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public PublishResponse publish(PublishRequest request) {
    requests.add(request);
    RuntimeException failure = failures.poll();
    if (failure != null) {
      throw failure;
    }
    return PublishResponse.builder().messageId("message-" + requests.size()).build();
  }

  @Override
  public String serviceName() {
    return "sns";
  }

  @Override
  public void close() {}
}
