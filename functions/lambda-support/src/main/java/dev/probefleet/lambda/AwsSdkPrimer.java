package dev.probefleet.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Primes the AWS SDK paths the stores and the publisher use — request marshalling, SigV4 signing,
 * the URL-connection HTTP client, response unmarshalling — by calling DynamoDB and SNS operations
 * on throwaway clients against a stub on loopback that answers like the services do.
 *
 * <p>No request reaches AWS: the throwaway clients have fixed dummy credentials (the function's
 * real credentials are not resolved, so none can be captured in a snapshot), their endpoint is the
 * stub, and both the clients and the stub are closed before {@link #prime()} returns. The
 * function's own clients share every class and compiled method with these, not their connections.
 */
@Singleton
public final class AwsSdkPrimer implements Primer {
  private static final String DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810.";

  private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
  private volatile InetSocketAddress lastStub;

  @Override
  public String name() {
    return "AWS SDK (DynamoDB, SNS)";
  }

  @Override
  public void prime() throws IOException {
    HttpServer stub =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    stub.createContext("/", this::answer);
    stub.start();
    lastStub = stub.getAddress();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
      UrlConnectionHttpClient.Builder http =
          UrlConnectionHttpClient.builder()
              .connectionTimeout(Duration.ofSeconds(2))
              .socketTimeout(Duration.ofSeconds(2));
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
      try (DynamoDbClient dynamo =
              DynamoDbClient.builder()
                  .region(Region.US_EAST_1)
                  .endpointOverride(endpoint)
                  .credentialsProvider(credentials)
                  .httpClient(http.build())
                  .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                  .build();
          SnsClient sns =
              SnsClient.builder()
                  .region(Region.US_EAST_1)
                  .endpointOverride(endpoint)
                  .credentialsProvider(credentials)
                  .httpClient(http.build())
                  .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                  .build()) {
        for (int i = 0; i < 3; i++) {
          callDynamoDb(dynamo);
          sns.publish(
              p ->
                  p.topicArn("arn:aws:sns:us-east-1:000000000000:priming")
                      .subject("priming")
                      .message("{\"priming\":true}")
                      .messageAttributes(
                          Map.of(
                              "severity",
                              MessageAttributeValue.builder()
                                  .dataType("String")
                                  .stringValue("PAGE")
                                  .build())));
        }
      }
    } finally {
      stub.stop(0);
    }
  }

  /** Where the last priming's stub listened (closed since), if one ran. */
  public Optional<InetSocketAddress> lastStub() {
    return Optional.ofNullable(lastStub);
  }

  /** Requests the stub answered, per operation (e.g. {@code GetItem}, {@code Publish}). */
  public Map<String, Integer> served() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    served.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  private static void callDynamoDb(DynamoDbClient dynamo) {
    Map<String, AttributeValue> key =
        Map.of("pk", AttributeValue.fromS("target#priming"), "sk", AttributeValue.fromS("slot#0"));
    Map<String, AttributeValue> item =
        Map.of(
            "pk", AttributeValue.fromS("target#priming"),
            "sk", AttributeValue.fromS("slot#0"),
            "doc", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{}")),
            "ttl", AttributeValue.fromN("0"));
    dynamo.getItem(g -> g.tableName("priming").key(key).consistentRead(true));
    dynamo.putItem(
        p -> p.tableName("priming").item(item).conditionExpression("attribute_not_exists(pk)"));
    dynamo.query(
        q ->
            q.tableName("priming")
                .keyConditionExpression("pk = :pk AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(
                    Map.of(
                        ":pk", AttributeValue.fromS("target#priming"),
                        ":a", AttributeValue.fromS("slot#0"),
                        ":b", AttributeValue.fromS("slot#9")))
                .limit(25));
    dynamo.batchGetItem(
        b ->
            b.requestItems(
                Map.of("priming", KeysAndAttributes.builder().keys(List.of(key)).build())));
    dynamo.updateItem(
        u ->
            u.tableName("priming")
                .key(key)
                .updateExpression("SET #a = :a")
                .expressionAttributeNames(Map.of("#a", "attempts"))
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromN("1"))));
    dynamo.transactWriteItems(
        t ->
            t.transactItems(
                TransactWriteItem.builder()
                    .put(Put.builder().tableName("priming").item(item).build())
                    .build()));
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String target =
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
      String contentType =
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
      String operation;
      String reply;
      String replyType;
      if (target.startsWith(DYNAMODB_TARGET_PREFIX)) {
        operation = target.substring(DYNAMODB_TARGET_PREFIX.length());
        reply =
            switch (operation) {
              case "Query" -> "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}";
              case "BatchGetItem" -> "{\"Responses\":{\"priming\":[]},\"UnprocessedKeys\":{}}";
              default -> "{}";
            };
        replyType = "application/x-amz-json-1.0";
      } else if (contentType.contains("json")) {
        // SNS over its JSON protocol, should the SDK switch to it.
        operation = target.isEmpty() ? "Publish" : target.substring(target.lastIndexOf('.') + 1);
        reply = "{\"MessageId\":\"00000000-0000-0000-0000-000000000000\"}";
        replyType = contentType;
      } else {
        operation = body.contains("Action=Publish") ? "Publish" : "unknown";
        reply =
            "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                + "<MessageId>00000000-0000-0000-0000-000000000000</MessageId></PublishResult>"
                + "<ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata>"
                + "</PublishResponse>";
        replyType = "text/xml";
      }
      served.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", replyType);
      exchange.getResponseHeaders().set("x-amzn-RequestId", "priming");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
