package dev.probefleet.aws.dynamodb;

import dev.probefleet.aws.retry.AttemptDeadline;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The stores' view of a DynamoDB client: every operation they use, each attempt cut to the time
 * left before the caller's deadline ({@link AttemptDeadline}). Operations the stores do not use are
 * not offered.
 */
final class DeadlineBoundDynamoDb implements DynamoDbClient {
  private final DynamoDbClient delegate;
  private final Clock clock;
  private final Optional<Duration> attemptTimeout;

  private DeadlineBoundDynamoDb(DynamoDbClient delegate, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
    this.attemptTimeout =
        delegate.serviceClientConfiguration().overrideConfiguration().apiCallAttemptTimeout();
  }

  /** The client, bound; a client already bound is returned as it is. */
  static DynamoDbClient of(DynamoDbClient client, Clock clock) {
    return client instanceof DeadlineBoundDynamoDb
        ? client
        : new DeadlineBoundDynamoDb(client, clock);
  }

  private <R extends software.amazon.awssdk.awscore.AwsRequest> R bound(R request) {
    return AttemptDeadline.bound(request, clock, attemptTimeout);
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    return delegate.getItem(bound(request));
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return delegate.putItem(bound(request));
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    return delegate.updateItem(bound(request));
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    return delegate.deleteItem(bound(request));
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    return delegate.query(bound(request));
  }

  @Override
  public ScanResponse scan(ScanRequest request) {
    return delegate.scan(bound(request));
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    return delegate.batchGetItem(bound(request));
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    return delegate.batchWriteItem(bound(request));
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    return delegate.transactWriteItems(bound(request));
  }

  @Override
  public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
    return delegate.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return delegate.serviceName();
  }

  /** The stores do not own the client: whoever built it closes it. */
  @Override
  public void close() {}
}
