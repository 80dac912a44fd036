package dev.probefleet.aws.dynamodb;

import dev.probefleet.aws.retry.Retrier;
import dev.probefleet.store.WriteReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts items 25 at a time, re-sending what DynamoDB returns as unprocessed with backoff and jitter,
 * and retrying throttling and server errors, until a deadline. What is still unwritten at the
 * deadline is reported item by item.
 */
final class BatchWriter {
  private static final int BATCH = 25;

  private final DynamoDbClient dynamoDb;
  private final Retrier retrier;

  BatchWriter(DynamoDbClient dynamoDb, Retrier retrier) {
    this.dynamoDb = dynamoDb;
    this.retrier = retrier;
  }

  /**
   * @param describe a readable key of an item, for the report
   */
  WriteReport put(
      String table,
      List<Map<String, AttributeValue>> items,
      Function<Map<String, AttributeValue>, String> describe,
      Instant deadline) {
    int written = 0;
    List<WriteReport.Failure> failed = new ArrayList<>();
    for (int start = 0; start < items.size(); start += BATCH) {
      List<Map<String, AttributeValue>> chunk =
          items.subList(start, Math.min(items.size(), start + BATCH));
      Map<String, Map<String, AttributeValue>> pending = new LinkedHashMap<>();
      for (Map<String, AttributeValue> item : chunk) {
        pending.put(describe.apply(item), item);
      }
      int attempt = 0;
      String lastError = "deadline reached before the write was attempted";
      while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
        attempt++;
        List<WriteRequest> requests =
            pending.values().stream()
                .map(
                    i ->
                        WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(i).build())
                            .build())
                .toList();
        try {
          BatchWriteItemResponse response =
              dynamoDb.batchWriteItem(
                  b ->
                      b.requestItems(Map.of(table, requests))
                          .overrideConfiguration(o -> o.apiCallTimeout(remaining(deadline))));
          List<WriteRequest> unprocessed =
              response.unprocessedItems().getOrDefault(table, List.of());
          Map<String, Map<String, AttributeValue>> left = new LinkedHashMap<>();
          for (WriteRequest w : unprocessed) {
            Map<String, AttributeValue> item = w.putRequest().item();
            left.put(describe.apply(item), item);
          }
          written += pending.size() - left.size();
          pending = left;
          lastError = "unprocessed by DynamoDB (throttled)";
        } catch (RuntimeException e) {
          if (!Retrier.retryable(e)) {
            lastError = e.getMessage();
            break;
          }
          lastError = e.getMessage();
        }
        if (!pending.isEmpty()) {
          Duration wait = retrier.backoff(attempt);
          if (!Instant.now().plus(wait).isBefore(deadline)) {
            break;
          }
          try {
            Thread.sleep(wait.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastError = "interrupted";
            break;
          }
        }
      }
      for (String key : pending.keySet()) {
        failed.add(new WriteReport.Failure(key, lastError));
      }
    }
    return new WriteReport(written, failed);
  }

  static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left;
  }
}
